package io.riskwatch.cli.bench;

import io.riskwatch.cli.common.ReadProgress;
import io.riskwatch.cli.generate.GenerateCommand;
import io.riskwatch.cli.generate.StreamGenerator;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.job.JobOptions;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.source.ReadListener;
import io.riskwatch.source.file.ReplayFileSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code riskwatch bench}: one input, three passes (each in a fresh JVM), one table. (a) the replay source alone,
 * optionally (k) the keyed floor ({@code --floor}: (a) plus one shuffle and one state update per event), (b) the
 * pipeline without rules ({@code --rules none}: ordering, de-duplication, books, routing), (c) the selected
 * rules (all by default). For each: events/s over the wall time (MiniCluster start-up included), CPU time per
 * event, and the heap the keyed state holds per tracked client at the end of the input. With {@code --repeat N},
 * (b) and (c) run N times in turn and the ratio is the median of the N pairs.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures file replay on one input in three passes: (a) read only (the source: read, parse,",
            "validate, merge), (b) --rules none (plus ordering, de-duplication, books, routing), (c) the",
            "selected rules (default all). Prints events/s, CPU per event and heap per tracked client for each,",
            "and the ratio (c)/(b), as a Markdown table. Without INPUT it generates a stream first (--clients ...).",
            "--floor adds pass (k) after (a): the least any per-client pipeline costs on this machine.",
            "--repeat N runs (b) and (c) N times, alternately, and gives the median ratio of the pairs."
        },
        footer = {
            "",
            "Examples:",
            "  bin/riskwatch bench --clients 100000 --symbols 500",
            "  bin/riskwatch bench --parallelism 1 /tmp/rw/day"
        })
public final class BenchCommand implements Callable<Integer> {
    /** One pass in a fresh JVM ({@code --pass ID ...}): the parent starts this with its own classpath. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new BenchCommand()).execute(args));
    }

    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job = new JobOptions();

    @Option(
            names = "--clients",
            defaultValue = "100000",
            description = "clients to generate without INPUT (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--symbols",
            defaultValue = "500",
            description = "securities to generate (default: ${DEFAULT-VALUE})")
    int symbols;

    @Option(names = "--days", defaultValue = "1", description = "trading days to generate (default: ${DEFAULT-VALUE})")
    int days;

    @Option(
            names = "--quote-interval",
            defaultValue = "5s",
            paramLabel = "DURATION",
            description = "time between two quotes of a symbol when generating (default: ${DEFAULT-VALUE})")
    String quoteInterval;

    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--heap-histogram",
            description =
                    "also print the live heap's top classes at the end of each pass's input (what holds the heap)")
    boolean histogram;

    @Option(
            names = "--floor",
            description = "also run pass (k), the keyed floor: (a) + every event keyed by client (symbol for quotes)"
                    + " across one shuffle, one state update each; no pipeline that keeps per-client state runs"
                    + " faster on this machine")
    boolean floor;

    @Option(
            names = "--repeat",
            defaultValue = "1",
            paramLabel = "N",
            description = "run (b) and (c) N times, alternately (b, c, b, c, ...), and give the ratio of each pair and"
                    + " their median: on a machine whose speed drifts between runs one pair says little"
                    + " (default: ${DEFAULT-VALUE})")
    int repeat;

    /** Set by the parent: run this one pass here and print its figures on one line. */
    @Option(names = "--pass", hidden = true)
    String pass;

    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "JSON Lines files or folders; default: generate")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int parallelism = job.parallelism();
        Set<String> selected = job.selectedRules();
        JobSettings settings = job.settings();
        if (pass != null) {
            return runPass(out, err, settings, selected, parallelism);
        }
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
        }
        Path work = Files.createTempDirectory("riskwatch-bench-");
        try {
            List<String> input = inputs;
            String described;
            if (input.isEmpty()) {
                long interval = GenerateCommand.quoteIntervalMillis(quoteInterval);
                Path generated = work.resolve("input");
                err.printf(
                        "riskwatch bench: generating %,d clients, %,d symbols, %d day(s), quotes every %s ...%n",
                        clients, symbols, days, quoteInterval);
                err.flush();
                StreamGenerator.write(
                        new StreamGenerator.Spec(
                                clients, days, symbols, seed, 0, LocalDate.parse("2026-11-20"), interval),
                        generated);
                input = List.of(generated.toString());
                described = String.format(
                        "generated: %,d clients, %,d symbols, %d day(s), quotes every %s, seed %d",
                        clients, symbols, days, quoteInterval, seed);
            } else {
                described = String.join(" ", input);
            }
            List<String> files = ReplayFileSource.expand(input);
            long bytes = 0;
            for (String f : files) {
                bytes += Files.size(Path.of(f));
            }

            List<Pass> passes = new ArrayList<>();
            String cRules = selected.equals(RuleCatalog.RULES.ids())
                    ? "all"
                    : selected.isEmpty() ? "none" : String.join(",", selected);
            passes.add(child(err, "a", "(a) read only", "source: read, parse, validate, merge", input));
            if (floor) {
                passes.add(child(
                        err,
                        "k",
                        "(k) keyed floor",
                        "(a) + keyBy client or symbol, one state update per event",
                        input));
            }
            double[] ratios = new double[repeat];
            for (int run = 1; run <= repeat; run++) {
                String nth = repeat == 1 ? "" : " #" + run;
                Pass b = child(
                        err,
                        "b",
                        "(b) rules none" + nth,
                        "(a) + keyed ordering, de-duplication, books, routing",
                        input);
                Pass c = child(
                        err,
                        "c",
                        "(c) rules " + cRules + nth,
                        "(b) + " + selected.size() + " rules"
                                + (selected.isEmpty() ? "" : ", suppression stage, runaway guard"),
                        input);
                passes.add(b);
                passes.add(c);
                ratios[run - 1] = c.eventsPerSecond() / b.eventsPerSecond();
            }

            for (Pass p : passes) {
                if (p.records() != passes.get(0).records()) {
                    throw new IllegalStateException(String.format(
                            "pass %s read %,d records, (a) read %,d: the passes did not read the same input",
                            p.name(), p.records(), passes.get(0).records()));
                }
            }
            Runtime rt = Runtime.getRuntime();
            out.printf(
                    "riskwatch bench: %,d records, %,d MB in %d file(s) (%s)%n",
                    passes.get(0).records(), bytes >> 20, files.size(), described);
            out.printf(
                    "machine: %d CPUs, %s %s, Java %s (%s), max heap %.1f GiB; parallelism %d%n%n",
                    rt.availableProcessors(),
                    System.getProperty("os.name"),
                    System.getProperty("os.arch"),
                    System.getProperty("java.version"),
                    System.getProperty("java.vm.name"),
                    rt.maxMemory() / (double) (1L << 30),
                    parallelism);
            out.println("| pass | what runs | events/s | wall s | CPU µs/event | heap at end | tracked clients"
                    + " | heap/client | alerts |");
            out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            long baseHeap = passes.get(0).heapBytes();
            for (Pass p : passes) {
                String perClient = p.clients() == 0
                        ? "-"
                        : String.format("%,d B", Math.max(0, p.heapBytes() - baseHeap) / p.clients());
                out.printf(
                        "| %s | %s | %,.0f | %.1f | %.1f | %,d MiB%s | %s | %s | %s |%n",
                        p.name(),
                        p.what(),
                        p.eventsPerSecond(),
                        p.wallNanos() / 1e9,
                        p.cpuNanos() / 1e3 / Math.max(1, p.records()),
                        p.heapBytes() >> 20,
                        p.quiet() ? "" : " (busy)",
                        p.clients() == 0 ? "-" : String.format("%,d", p.clients()),
                        perClient,
                        p.alerts() == 0 && p.clients() == 0 ? "-" : String.format("%,d", p.alerts()));
            }
            if (ratios.length == 1) {
                out.printf("%nratio (c)/(b) events/s: %.2f%n", ratios[0]);
            } else {
                out.printf(
                        "%nratio (c)/(b) events/s of each pair: %s%n",
                        String.join(
                                ", ",
                                Arrays.stream(ratios)
                                        .mapToObj(r -> String.format("%.2f", r))
                                        .toList()));
                double[] sorted = ratios.clone();
                Arrays.sort(sorted);
                int n = sorted.length;
                double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                out.printf(
                        "ratio (c)/(b) events/s: %.2f (median of %d pairs, min %.2f, max %.2f)%n",
                        median, n, sorted[0], sorted[n - 1]);
            }
            out.println("wall: job submission to end, MiniCluster start-up included, the heap measurement excluded;"
                    + " CPU: the whole process (all threads, GC and JIT included) over the same time;");
            out.println("heap at end: live heap after a full GC at the end of the input, state still held; "
                    + "heap/client: (that - pass (a)'s) / tracked clients");
            out.flush();
            return 0;
        } finally {
            ReplayJob.deleteRecursively(work);
        }
    }

    private static Counts replay(
            List<String> input,
            JobSettings settings,
            Set<String> rules,
            int parallelism,
            Path dir,
            ReadListener listener)
            throws Exception {
        ReplayJob.Result r = ReplayJob.run(
                new ReplayJob.Request(
                        input,
                        settings,
                        rules,
                        parallelism,
                        dir.resolve("alerts.jsonl"),
                        dir.resolve("dead-letters.jsonl")),
                listener);
        if (!r.balanced()) {
            throw new IllegalStateException("records were lost: read " + r.read() + " != processed " + r.processed()
                    + " + dead-lettered " + r.deadLettered());
        }
        return new Counts(r.read(), r.clientsTracked(), r.alerts());
    }

    /** In the child JVM: one pass, its figures on one line of stdout for the parent. */
    private int runPass(PrintWriter out, PrintWriter err, JobSettings settings, Set<String> selected, int parallelism)
            throws Exception {
        Path dir = Files.createTempDirectory("riskwatch-bench-pass-");
        ReadProgress progress = ReadProgress.open();
        try {
            ReadListener listener = progress.listener();
            Job job = switch (pass) {
                case "a" -> () -> new Counts(ReplayJob.readOnly(inputs, settings, listener), 0, 0);
                case "k" -> () -> new Counts(ReplayJob.keyedFloor(inputs, settings, parallelism, listener), 0, 0);
                case "b" -> () -> replay(inputs, settings, Set.of(), parallelism, dir, listener);
                case "c" -> () -> replay(inputs, settings, selected, parallelism, dir, listener);
                default -> throw new IllegalArgumentException("--pass must be a, k, b or c");
            };
            HeapProbe.Measure measure = new HeapProbe().arm(histogram, progress);
            long cpu0 = HeapProbe.processCpuNanos();
            long t0 = System.nanoTime();
            Counts counts = job.run();
            long wall = System.nanoTime() - t0 - measure.holdNanos();
            long cpu = HeapProbe.processCpuNanos() - cpu0 - measure.holdCpuNanos();
            if (measure.histogram() != null) {
                err.printf(
                        "riskwatch bench: pass (%s): live heap at the end of the input, top classes:%n%s%n",
                        pass, measure.histogram());
                err.flush();
            }
            out.printf(
                    "PASS %d %d %d %d %b %d %d%n",
                    counts.records(),
                    wall,
                    cpu,
                    measure.heapBytes(),
                    measure.quiet(),
                    counts.clients(),
                    counts.alerts());
            out.flush();
            return 0;
        } finally {
            progress.close();
            ReplayJob.deleteRecursively(dir);
        }
    }

    /**
     * Runs one pass in a fresh JVM (same java, classpath and JVM flags): no pass inherits another's JIT warm-up,
     * garbage or leftovers, so each heap figure is its own.
     */
    private Pass child(PrintWriter err, String id, String name, String what, List<String> input) throws Exception {
        err.printf("riskwatch bench: %s ...%n", name);
        err.flush();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentpath") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent"))
                .toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchCommand.class.getName());
        cmd.add("--pass");
        cmd.add(id);
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals("bench")) {
            args.remove(0); // the parse result of a subcommand holds the whole command line
        }
        cmd.addAll(args.stream().filter(a -> !inputs.contains(a)).toList());
        // generator options are harmless in the child: it is given the input
        cmd.addAll(input);
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String result = null;
        try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("PASS ")) {
                    result = line;
                }
            }
        }
        int code = p.waitFor();
        if (code != 0 || result == null) {
            throw new IllegalStateException("bench pass " + name + " failed (exit " + code + "); see above");
        }
        String[] f = result.split(" ");
        Pass pass = new Pass(
                name,
                what,
                Long.parseLong(f[1]),
                Long.parseLong(f[2]),
                Long.parseLong(f[3]),
                Long.parseLong(f[4]),
                Boolean.parseBoolean(f[5]),
                Long.parseLong(f[6]),
                Long.parseLong(f[7]));
        err.printf(
                "riskwatch bench: %s: %,d records in %.1f s (%,.0f events/s)%n",
                name, pass.records(), pass.wallNanos() / 1e9, pass.eventsPerSecond());
        err.flush();
        return pass;
    }

    @FunctionalInterface
    private interface Job {
        Counts run() throws Exception;
    }

    private record Counts(long records, long clients, long alerts) {}

    private record Pass(
            String name,
            String what,
            long records,
            long wallNanos,
            long cpuNanos,
            long heapBytes,
            boolean quiet,
            long clients,
            long alerts) {
        double eventsPerSecond() {
            return records / Math.max(wallNanos / 1e9, 1e-9);
        }
    }
}
