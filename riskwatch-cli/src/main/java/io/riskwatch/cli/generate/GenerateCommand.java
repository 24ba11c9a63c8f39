package io.riskwatch.cli.generate;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskwatch generate}: writes a deterministic synthetic stream for replays, tests and benchmarks. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Writes a realistic multi-day input stream (one JSON Lines file per topic), deterministic per seed.",
        footer = {
            "",
            "Examples:",
            "  bin/riskwatch generate --clients 200 --days 1 --symbols 30 --out /tmp/rw/small",
            "  bin/riskwatch generate --clients 1000000 --symbols 2000 --quote-interval 5s --out /tmp/rw/day"
                    + "   # ~10M events"
        })
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--clients", defaultValue = "1000", description = "number of clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--days", defaultValue = "1", description = "trading days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--symbols", defaultValue = "50", description = "securities (default: ${DEFAULT-VALUE})")
    int symbols;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--bad-lines",
            defaultValue = "0",
            description = "bad records to mix in (default: ${DEFAULT-VALUE})")
    int badLines;

    @Option(
            names = "--first-day",
            defaultValue = "2026-11-20",
            description = "first trading day (default: ${DEFAULT-VALUE})")
    LocalDate firstDay;

    @Option(
            names = "--quote-interval",
            defaultValue = "60s",
            paramLabel = "DURATION",
            description = "time between two quotes of one symbol, e.g. 5s or 500ms: quotes dominate a real feed "
                    + "(default: ${DEFAULT-VALUE})")
    String quoteInterval;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        long interval = quoteIntervalMillis(quoteInterval);
        PrintWriter err = spec.commandLine().getErr();
        int[] day = {0};
        Map<StreamGenerator.Topic, Integer> counts = StreamGenerator.write(
                new StreamGenerator.Spec(clients, days, symbols, seed, badLines, firstDay, interval), out, c -> {
                    day[0]++;
                    if (days > 1) {
                        err.printf(
                                "riskwatch generate: day %d/%d written, %,d lines so far (%.1f s)%n",
                                day[0],
                                days,
                                c.values().stream()
                                        .mapToLong(Integer::longValue)
                                        .sum(),
                                (System.nanoTime() - started) / 1e9);
                    }
                });
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        spec.commandLine()
                .getOut()
                .printf(
                        "riskwatch generate: %,d lines in %s %s (%.1f s)%n",
                        total, out, counts, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** The {@code --quote-interval} option in milliseconds (also read by {@code bench}). */
    public static long quoteIntervalMillis(String option) {
        try {
            return TimeUtils.parseDuration(option).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--quote-interval '" + option + "' is not a duration such as 5s or 500ms");
        }
    }
}
