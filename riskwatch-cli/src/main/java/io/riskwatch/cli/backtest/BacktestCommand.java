package io.riskwatch.cli.backtest;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.cli.common.KafkaRangeOptions;
import io.riskwatch.cli.common.ProgressBar;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.job.BacktestJob;
import io.riskwatch.job.JobOptions;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.sink.redis.AlertStats;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.RedisAlertSink;
import io.riskwatch.sink.redis.RedisLayout;
import io.riskwatch.source.kafka.KafkaInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code riskwatch backtest}: two versions of the rules over the same input in one job, and a report. */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Runs two versions of the rules file over the same JSON Lines input, or a time range of the Kafka",
            "input topics (--from-kafka), in one job (each record is read",
            "and parsed once) and writes a report for the risk team: what changed in the file, alerts per rule",
            "and per trading day for both, and a sample of the alerts only one version raises, with evidence.",
            "Writes report.md, report.html (self-contained), baseline-alerts.jsonl, candidate-alerts.jsonl and",
            "dead-letters.jsonl into --out."
        },
        footer = {
            "",
            "Example:",
            "  bin/riskwatch backtest --baseline config/rules.yaml"
                    + " --candidate samples/backtest/rules-candidate.yaml \\",
            "      --out out/backtest samples/trading-day",
            "  bin/riskwatch backtest --baseline config/rules.yaml --candidate rules-v2.yaml --out out/week \\",
            "      --from-kafka 127.0.0.1:9092 --start 2026-11-16T09:00 --end 2026-11-21T00:00"
        })
public final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job = new JobOptions();

    @Option(
            names = "--baseline",
            paramLabel = "RULES",
            required = true,
            description = "the rules file in force (rules.yaml)")
    Path baseline;

    @Option(names = "--candidate", paramLabel = "RULES", required = true, description = "the rules file to try")
    Path candidate;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "folder for the report and the alerts files (created if missing)")
    Path out;

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress line (it is shown only on a terminal anyway)")
    boolean quiet;

    @Option(
            names = "--precision-from",
            paramLabel = "REDIS_URI",
            description = "a Redis with the alerts officers closed: the report shows the baseline version's measured "
                    + "precision per rule (confirmed / (confirmed + false positive)); password from "
                    + "RISKWATCH_REDIS_PASSWORD")
    String precisionFrom;

    @Option(
            names = "--redis-prefix",
            paramLabel = "PREFIX",
            defaultValue = RedisLayout.DEFAULT_PREFIX,
            description = "key prefix in that Redis (default: ${DEFAULT-VALUE})")
    String redisPrefix;

    @Mixin
    KafkaRangeOptions range = new KafkaRangeOptions();

    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "JSON Lines files or folders of them")
    List<String> inputs = List.of();

    @Override
    public Integer call() throws Exception {
        if (job.rulesFile() != null) {
            throw new IllegalArgumentException(
                    "--rules-file does not apply to a backtest: give --baseline and " + "--candidate");
        }
        JobSettings base = ConfigLoader.load(job.configFile(), baseline);
        JobSettings cand = ConfigLoader.load(job.configFile(), candidate);
        KafkaInput kafka = range.input(base, inputs, "backtest");
        BacktestJob.Request files =
                new BacktestJob.Request(inputs, base, cand, job.selectedRules(), job.parallelism(), out);
        BacktestJob.Request request = kafka == null ? files : files.fromKafka(kafka);
        boolean show = ProgressBar.wanted(quiet);
        BacktestJob.Result r = ProgressBar.around(
                show,
                "backtest",
                show && kafka == null ? ProgressBar.fileBytes(inputs) : 0,
                show && kafka != null ? KafkaRangeOptions.plannedRecords(kafka) : 0,
                spec.commandLine().getErr(),
                progress -> BacktestJob.run(request, progress == null ? null : progress.listener()));
        BacktestComparison cmp = BacktestComparison.of(
                read(request.baselineAlerts()),
                read(request.candidateAlerts()),
                base.zone(),
                BacktestComparison.thresholdChanges(baseline, candidate));
        BacktestReport report = new BacktestReport(
                new BacktestReport.Run(
                        kafka == null ? r.files().size() + " file(s)" : range.describe(kafka),
                        r.read(),
                        r.processed(),
                        r.deadLettered(),
                        r.balanced(),
                        baseline.toString(),
                        base.rules().version(),
                        candidate.toString(),
                        cand.rules().version()),
                cmp,
                precisionFrom == null ? null : measured(base.rules().version()));
        Path md = out.resolve("report.md");
        Path html = out.resolve("report.html");
        Files.writeString(md, report.markdown());
        Files.writeString(html, report.html());

        PrintWriter o = spec.commandLine().getOut();
        o.printf(
                "riskwatch backtest: %s, rules %s (baseline) vs %s (candidate)%n",
                kafka == null ? r.files().size() + " input file(s)" : range.describe(kafka),
                base.rules().version(),
                cand.rules().version());
        o.printf("  events read       %,12d%n", r.read());
        o.printf("  check             read = processed + dead-lettered: %s%n", r.balanced() ? "OK" : "MISMATCH");
        o.printf("  settings changed  %12d%n", cmp.thresholdChanges().size());
        o.printf("  alerts baseline   %,12d%n", r.baselineAlerts());
        o.printf("  alerts candidate  %,12d%n", r.candidateAlerts());
        o.printf("  only baseline     %,12d%n", cmp.onlyBaseline().size());
        o.printf("  only candidate    %,12d%n", cmp.onlyCandidate().size());
        o.printf("  wall time         %12.1f s%n", r.wallTime().toMillis() / 1000.0);
        o.printf("  report            %s%n", html);
        o.printf("                    %s%n", md);
        o.flush();
        if (!r.balanced()) {
            spec.commandLine()
                    .getErr()
                    .println("riskwatch: records were lost: read " + r.read() + " != processed " + r.processed()
                            + " + dead-lettered " + r.deadLettered());
            return 3;
        }
        return 0;
    }

    /** Per rule, what officers recorded of the alerts of this rules version (every week, every settings hash). */
    private Map<String, BacktestReport.Quality> measured(String version) {
        RedisAlertSink.builder().uri(precisionFrom).prefix(redisPrefix).build(); // same checks
        Map<String, long[]> sums = new TreeMap<>();
        try (AlertStore store =
                new AlertStore(precisionFrom, ReplayJob.RedisTarget.PASSWORD_ENV, new RedisLayout(redisPrefix))) {
            List<Map<String, String>> alerts = store.list(null, null, null, Integer.MAX_VALUE).stream()
                    .map(AlertStore.StoredAlert::fields)
                    .filter(f -> f.getOrDefault("ruleVersion", "").startsWith(version + "#"))
                    .toList();
            for (AlertStats.Row r : AlertStats.of(alerts, null, null)) {
                long[] c = sums.computeIfAbsent(r.rule(), k -> new long[2]);
                c[0] += r.confirmed();
                c[1] += r.falsePositive();
            }
        }
        Map<String, BacktestReport.Quality> out = new TreeMap<>();
        sums.forEach((rule, c) -> out.put(rule, new BacktestReport.Quality(c[0], c[1])));
        return out;
    }

    static List<Alert> read(Path alertsFile) throws IOException {
        try (var lines = Files.lines(alertsFile)) {
            return lines.filter(l -> !l.isBlank()).map(AlertJson::fromJson).toList();
        }
    }
}
