package io.riskwatch.cli;

import static io.riskwatch.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.cli.common.ReadProgress;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay command on the repo's sample day, and its answers to unusable arguments. */
class ReplayCommandITCase {
    private static final String SAMPLE = "../samples/trading-day";

    @TempDir
    Path dir;

    /** The progress line's source: the file reader reports every record and every byte by the end. */
    @Test
    void theReplaysProgressReachesEveryByteAndRecordOfTheInput() throws Exception {
        long bytes = 0;
        try (var files = Files.list(Path.of(SAMPLE))) {
            for (Path f : files.toList()) {
                bytes += Files.size(f);
            }
        }
        ReadProgress progress = ReadProgress.open();
        try {
            Path alerts = dir.resolve("progress/alerts.jsonl");
            ReplayJob.Result r = ReplayJob.run(
                    new ReplayJob.Request(
                            List.of(SAMPLE),
                            ConfigLoader.defaults(),
                            RuleCatalog.RULES.ids(),
                            2,
                            alerts,
                            alerts.resolveSibling("dead.jsonl")),
                    progress.listener());
            assertThat(progress.records()).isEqualTo(r.read()).isPositive();
            assertThat(progress.bytes()).isEqualTo(bytes);
        } finally {
            progress.close();
        }
        assertThat(ReadProgress.find(progress.key())).isNull();
    }

    @Test
    void replaysTheSampleDayAndAccountsForEveryRecord() throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        CliRun r = run("replay", "--alerts", alerts.toString(), SAMPLE);
        assertThat(r.code()).as(r.err()).isZero();
        long read = Summaries.count(r.out(), "events read");
        long processed = Summaries.count(r.out(), "processed");
        long dead = Summaries.count(r.out(), "dead-lettered");
        assertThat(read).isEqualTo(processed + dead);
        long lines = 0;
        try (var files = Files.list(Path.of(SAMPLE))) {
            for (Path f : files.toList()) {
                lines +=
                        Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
            }
        }
        assertThat(read).isEqualTo(lines);
        assertThat(r.out()).contains("read = processed + dead-lettered: OK");
        // the sample day shows every rule at least once, and the summary lists them
        String alertsLine = r.out()
                .lines()
                .filter(l -> l.startsWith("  alerts "))
                .findFirst()
                .orElseThrow();
        for (String rule : RuleCatalog.RULES.ids()) {
            assertThat(alertsLine).contains(rule + " ");
        }
        assertThat(Files.readAllLines(dir.resolve("dead-letters.jsonl")))
                .hasSize((int) dead)
                .anySatisfy(l -> assertThat(l).contains("\"reason\":\"late_event\""))
                .anySatisfy(l -> assertThat(l).contains("\"reason\":\"duplicate_event\""));
        assertThat(Files.readAllLines(alerts))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("{\"alertId\":\""));
    }

    @Test
    void rulesNoneRunsThePipelineWithoutAlerts() {
        CliRun r = run(
                "replay",
                "--rules",
                "none",
                "--parallelism",
                "1",
                "--alerts",
                dir.resolve("a.jsonl").toString(),
                SAMPLE);
        assertThat(r.code()).isZero();
        assertThat(Summaries.count(r.out(), "alerts")).isZero();
        assertThat(r.out()).contains("rules none", "read = processed + dead-lettered: OK");
    }

    @Test
    void unusableArgumentsEndWithOneClearLineAndExitCode2() {
        CliRun missingInput = run("replay", "--alerts", "x.jsonl");
        assertThat(missingInput.code()).isEqualTo(2);
        assertThat(missingInput.err().strip()).hasLineCount(1).contains("INPUT");

        CliRun unknownRule = run("replay", "--rules", "NOPE", "--alerts", "x.jsonl", SAMPLE);
        assertThat(unknownRule.code()).isEqualTo(2);
        assertThat(unknownRule.err().strip()).hasLineCount(1).contains("unknown rule 'NOPE'", "LARGE_TRANSFER");

        CliRun noSuchInput = run("replay", "--alerts", "x.jsonl", "no/such/file.jsonl");
        assertThat(noSuchInput.code()).isEqualTo(2);
        assertThat(noSuchInput.err().strip()).isEqualTo("riskwatch: input no/such/file.jsonl does not exist");

        CliRun badParallelism = run("replay", "--parallelism", "0", "--alerts", "x.jsonl", SAMPLE);
        assertThat(badParallelism.code()).isEqualTo(2);
        assertThat(badParallelism.err()).contains("--parallelism");
    }

    @Test
    void aBadRulesFileFailsBeforeAnythingRuns() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(
                rules,
                "version: \"1\"\nrules:\n  LARGE_TRANSFER:\n    threshold: {STANDARD: -1, HNW: 1, INSTITUTION: 1}\n");
        CliRun r = run(
                "replay",
                "--rules-file",
                rules.toString(),
                "--alerts",
                dir.resolve("a.jsonl").toString(),
                SAMPLE);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .hasLineCount(1)
                .contains(rules.toString(), "$.rules.LARGE_TRANSFER.threshold.STANDARD");
        assertThat(dir.resolve("a.jsonl")).doesNotExist();
    }

    @Test
    void aCooldownMovesAlertsToTheSuppressedFileLosingNoneAndTheSameAtAnyParallelism() throws Exception {
        Path settings = dir.resolve("riskwatch.yaml");
        Files.writeString(
                settings,
                Files.readString(Path.of("../config/riskwatch.yaml"))
                        .replace(
                                "rulesFile: rules.yaml",
                                "rulesFile: " + Path.of("../config/rules.yaml").toAbsolutePath())
                        .replace("  cooldown: {}", "  cooldown: {CONCENTRATION: 7d, SUITABILITY_MISMATCH: 7d}"));
        assertThat(run("replay", "--alerts", dir.resolve("all/alerts.jsonl").toString(), SAMPLE)
                        .code())
                .isZero();
        CliRun p2 = run(
                "replay",
                "--config",
                settings.toString(),
                "--alerts",
                dir.resolve("p2/alerts.jsonl").toString(),
                SAMPLE);
        CliRun p1 = run(
                "replay",
                "--config",
                settings.toString(),
                "--parallelism",
                "1",
                "--alerts",
                dir.resolve("p1/alerts.jsonl").toString(),
                SAMPLE);
        assertThat(p2.code()).isZero();
        assertThat(p1.code()).isZero();

        List<String> all = ids(dir.resolve("all/alerts.jsonl"));
        List<String> kept = ids(dir.resolve("p2/alerts.jsonl"));
        List<String> held = ids(dir.resolve("p2/suppressed.jsonl"));
        assertThat(held).isNotEmpty();
        assertThat(Files.readString(dir.resolve("p2/suppressed.jsonl"))).contains("\"suppressed\":\"cooldown\"");
        assertThat(Summaries.count(p2.out(), "suppressed")).isEqualTo(held.size());
        List<String> union = new ArrayList<>(kept);
        union.addAll(held);
        assertThat(union).containsExactlyInAnyOrderElementsOf(all);
        assertThat(Files.readString(dir.resolve("p1/alerts.jsonl")))
                .isEqualTo(Files.readString(dir.resolve("p2/alerts.jsonl")));
        assertThat(Files.readString(dir.resolve("p1/suppressed.jsonl")))
                .isEqualTo(Files.readString(dir.resolve("p2/suppressed.jsonl")));
    }

    private static List<String> ids(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int i = line.indexOf("\"alertId\":\"") + 11;
            out.add(line.substring(i, line.indexOf('"', i)));
        }
        return out;
    }
}
