package io.riskwatch.job.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code riskwatch generate}: writes a deterministic synthetic stream for replays, tests and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes a realistic multi-day input stream (one JSON Lines file per topic), deterministic per seed.",
        footer = {"", "Example:", "  bin/riskwatch generate --clients 200 --days 1 --symbols 30 --out samples/trading-day"})
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

    @Option(names = "--bad-lines", defaultValue = "0", description = "bad records to mix in (default: ${DEFAULT-VALUE})")
    int badLines;

    @Option(names = "--first-day", defaultValue = "2026-11-20", description = "first trading day (default: ${DEFAULT-VALUE})")
    LocalDate firstDay;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Map<StreamGenerator.Topic, Integer> counts = StreamGenerator.write(
                new StreamGenerator.Spec(clients, days, symbols, seed, badLines, firstDay), out);
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        spec.commandLine().getOut().printf("riskwatch generate: %,d lines in %s %s (%.1f s)%n", total, out, counts,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
