package io.riskwatch.cli;

import io.riskwatch.alert.route.RoutingPlan;
import io.riskwatch.cli.common.KafkaRangeOptions;
import io.riskwatch.cli.common.ProgressBar;
import io.riskwatch.config.JobSettings;
import io.riskwatch.job.JobOptions;
import io.riskwatch.job.NotifyOptions;
import io.riskwatch.job.RedisOptions;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.sink.redis.RedisConnections;
import io.riskwatch.source.kafka.KafkaInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code riskwatch replay}: runs the job over JSON Lines files and prints what it did. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replays JSON Lines files (or folders of them), or a time range of the Kafka input topics, through",
            "the full pipeline on an embedded Flink MiniCluster in event time, and writes alerts and dead",
            "letters as sorted JSON Lines files.",
            "Same input, same output, at any parallelism: compare two runs with diff."
        },
        footer = {
            "",
            "Examples:",
            "  bin/riskwatch replay --alerts out/alerts.jsonl samples/trading-day",
            "  bin/riskwatch replay --from-kafka 127.0.0.1:9092 --start 2026-11-20T09:30 --end 2026-11-20T11:30 \\",
            "      --redis redis://127.0.0.1:6379/0 --redis-prefix backtest --alerts out/morning.jsonl"
        })
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job = new JobOptions();

    @Mixin
    RedisOptions redis = new RedisOptions();

    @Option(
            names = "--alerts",
            paramLabel = "FILE",
            required = true,
            description = "where to write the alerts (JSON Lines, ordered by ts then alertId)")
    Path alerts;

    @Option(
            names = "--dead-letters",
            paramLabel = "FILE",
            description = "where to write rejected records; default: dead-letters.jsonl beside the alerts file")
    Path deadLetters;

    @Option(
            names = "--suppressed",
            paramLabel = "FILE",
            description = "where to write alerts held back by the suppression stage (duplicate, cooldown); default: "
                    + "suppressed.jsonl beside the alerts file")
    Path suppressed;

    @Mixin
    NotifyOptions notify = new NotifyOptions();

    @Mixin
    KafkaRangeOptions range = new KafkaRangeOptions();

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress line (it is shown only on a terminal anyway)")
    boolean quiet;

    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "JSON Lines files or folders of them")
    List<String> inputs = List.of();

    @Override
    public Integer call() throws Exception {
        int parallelism = job.parallelism();
        Set<String> selected = job.selectedRules();
        JobSettings settings = job.settings();
        Path dead = deadLetters != null ? deadLetters : alerts.resolveSibling("dead-letters.jsonl");
        Path held = suppressed != null ? suppressed : alerts.resolveSibling("suppressed.jsonl");
        if (dead.toAbsolutePath().normalize().equals(alerts.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--alerts and --dead-letters name the same file: " + alerts);
        }
        if (held.toAbsolutePath().normalize().equals(alerts.toAbsolutePath().normalize())
                || held.toAbsolutePath()
                        .normalize()
                        .equals(dead.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(
                    "--suppressed names the same file as --alerts or --dead-letters: " + held);
        }
        KafkaInput kafka = range.input(settings, inputs, "replay");
        settings = settings.withRouting(notify.plan(settings.routing()));
        ReplayJob.RedisTarget redisTarget = redis.target();
        ReplayJob.Request request =
                new ReplayJob.Request(inputs, settings, selected, parallelism, alerts, dead, held, redisTarget, null);
        if (kafka != null) {
            request = request.fromKafka(kafka);
        }
        boolean show = ProgressBar.wanted(quiet);
        long totalBytes = show && kafka == null ? ProgressBar.fileBytes(inputs) : 0;
        long totalRecords = show && kafka != null ? KafkaRangeOptions.plannedRecords(kafka) : 0;
        ReplayJob.Request run = request;
        ReplayJob.Result r = ProgressBar.around(
                show,
                "replay",
                totalBytes,
                totalRecords,
                spec.commandLine().getErr(),
                progress -> ReplayJob.run(run, progress == null ? null : progress.listener()));
        PrintWriter out = spec.commandLine().getOut();
        printSummary(out, r, alerts, dead);
        if (kafka != null) {
            out.printf(
                    "  kafka             %s, record time %s to %s (end excluded)%n",
                    kafka.bootstrapServers(),
                    kafka.fromMillis() == null ? "the earliest" : Instant.ofEpochMilli(kafka.fromMillis()),
                    kafka.toMillis() == null ? "the latest at start" : Instant.ofEpochMilli(kafka.toMillis()));
        }
        out.printf("  suppressed file   %s%n", held);
        RoutingPlan plan = settings.routing();
        out.printf(
                "  notify            %s%n",
                plan.isEmpty()
                        ? "none"
                        : String.join(",", plan.channels().keySet())
                                + (redisTarget != null
                                        ? " (alerts new to Redis only; failures in " + redisTarget.prefix()
                                                + ":notify:failed)"
                                        : " (every alert; failures in the log)"));
        if (redisTarget != null) {
            out.printf(
                    "  redis             %s (prefix %s; alerts already stored are left as they are)%n",
                    RedisConnections.display(redisTarget.uri()), redisTarget.prefix());
            ReplayJob.RedisReport redisReport = r.redis();
            if (redisReport != null && redisReport.outages() > 0 && redisReport.complete()) {
                out.printf("  redis outages     %,12d ridden out (every alert stored)%n", redisReport.outages());
            }
            if (redisReport != null && !redisReport.complete()) {
                out.printf(
                        "  not in redis      %,12d alert(s), %,d held-back alert(s)%n",
                        redisReport.alertsNotStored(), redisReport.heldBackNotStored());
            }
        }
        out.flush();
        if (!r.balanced()) {
            spec.commandLine()
                    .getErr()
                    .println("riskwatch: records were lost: read " + r.read() + " != processed " + r.processed()
                            + " + dead-lettered " + r.deadLettered());
            return 3;
        }
        return redisExit(r.redis(), spec.commandLine().getErr());
    }

    /**
     * 0 when Redis stored everything; else one line naming the host: 2 when Redis was never reached (down at the
     * start), 3 when it went away during the run. The files are complete either way.
     */
    public static int redisExit(ReplayJob.RedisReport report, PrintWriter err) {
        if (report == null || report.complete()) {
            return 0;
        }
        err.printf(
                "riskwatch replay: %s; %,d alert(s) and %,d held-back alert(s) not stored in Redis"
                        + " (the alerts and dead letters files are complete)%n",
                report.gaveUp(), report.alertsNotStored(), report.heldBackNotStored());
        return report.reached() ? 3 : 2;
    }

    static void printSummary(PrintWriter out, ReplayJob.Result r, Path alerts, Path dead) {
        out.printf(
                "riskwatch replay: %d input file(s), parallelism %d, rules %s%n",
                r.files().size(), r.parallelism(), r.rules().isEmpty() ? "none" : String.join(",", r.rules()));
        out.printf("  events read       %,12d%n", r.read());
        out.printf("  processed         %,12d%n", r.processed());
        out.printf("  dead-lettered     %,12d%s%n", r.deadLettered(), breakdown(r.deadLettersByReason()));
        out.printf("  check             read = processed + dead-lettered: %s%n", r.balanced() ? "OK" : "MISMATCH");
        out.printf("  alerts            %,12d%s%n", r.alerts(), breakdown(r.alertsByRule()));
        out.printf("  suppressed        %,12d%s%n", r.suppressed(), breakdown(r.suppressedByRule()));
        out.printf(
                "  wall time         %12.1f s  (%,.0f events/s)%n",
                r.wallTime().toMillis() / 1000.0, r.eventsPerSecond());
        out.printf("  alerts file       %s%n", alerts);
        out.printf("  dead letters file %s%n", dead);
    }

    private static String breakdown(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", "  (", ")"));
    }
}
