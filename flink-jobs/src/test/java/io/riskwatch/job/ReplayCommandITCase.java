package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay command on the repo's sample day, and its answers to unusable arguments. */
class ReplayCommandITCase {
    private static final String SAMPLE = "../samples/trading-day";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RiskwatchJob.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static long count(String text, String label) {
        Matcher m = Pattern.compile(label + "\\s+([0-9,]+)").matcher(text);
        assertThat(m.find()).as(label + " in " + text).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void replaysTheSampleDayAndAccountsForEveryRecord() throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        Run r = run("replay", "--alerts", alerts.toString(), SAMPLE);
        assertThat(r.code()).as(r.err()).isZero();
        long read = count(r.out(), "events read");
        long processed = count(r.out(), "processed");
        long dead = count(r.out(), "dead-lettered");
        assertThat(read).isEqualTo(processed + dead);
        long lines = 0;
        try (var files = Files.list(Path.of(SAMPLE))) {
            for (Path f : files.toList()) {
                lines += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
            }
        }
        assertThat(read).isEqualTo(lines);
        assertThat(r.out()).contains("read = processed + dead-lettered: OK");
        // the sample day shows every rule at least once, and the summary lists them
        String alertsLine = r.out().lines().filter(l -> l.startsWith("  alerts ")).findFirst().orElseThrow();
        for (String rule : io.riskwatch.detect.RuleCatalog.ids()) {
            assertThat(alertsLine).contains(rule + " ");
        }
        assertThat(Files.readAllLines(dir.resolve("dead-letters.jsonl"))).hasSize((int) dead)
                .anySatisfy(l -> assertThat(l).contains("\"reason\":\"late_event\""))
                .anySatisfy(l -> assertThat(l).contains("\"reason\":\"duplicate_event\""));
        assertThat(Files.readAllLines(alerts)).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{\"alertId\":\""));
    }

    @Test
    void rulesNoneRunsThePipelineWithoutAlerts() {
        Run r = run("replay", "--rules", "none", "--parallelism", "1", "--alerts", dir.resolve("a.jsonl").toString(), SAMPLE);
        assertThat(r.code()).isZero();
        assertThat(count(r.out(), "alerts")).isZero();
        assertThat(r.out()).contains("rules none", "read = processed + dead-lettered: OK");
    }

    @Test
    void unusableArgumentsEndWithOneClearLineAndExitCode2() {
        Run missingInput = run("replay", "--alerts", "x.jsonl");
        assertThat(missingInput.code()).isEqualTo(2);
        assertThat(missingInput.err().strip()).hasLineCount(1).contains("INPUT");

        Run unknownRule = run("replay", "--rules", "NOPE", "--alerts", "x.jsonl", SAMPLE);
        assertThat(unknownRule.code()).isEqualTo(2);
        assertThat(unknownRule.err().strip()).hasLineCount(1).contains("unknown rule 'NOPE'", "LARGE_TRANSFER");

        Run noSuchInput = run("replay", "--alerts", "x.jsonl", "no/such/file.jsonl");
        assertThat(noSuchInput.code()).isEqualTo(2);
        assertThat(noSuchInput.err().strip()).isEqualTo("riskwatch: input no/such/file.jsonl does not exist");

        Run badParallelism = run("replay", "--parallelism", "0", "--alerts", "x.jsonl", SAMPLE);
        assertThat(badParallelism.code()).isEqualTo(2);
        assertThat(badParallelism.err()).contains("--parallelism");
    }

    @Test
    void aBadRulesFileFailsBeforeAnythingRuns() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "version: \"1\"\nrules:\n  LARGE_TRANSFER:\n    threshold: {STANDARD: -1, HNW: 1, INSTITUTION: 1}\n");
        Run r = run("replay", "--rules-file", rules.toString(), "--alerts", dir.resolve("a.jsonl").toString(), SAMPLE);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).hasLineCount(1).contains(rules.toString(), "$.rules.LARGE_TRANSFER.threshold.STANDARD");
        assertThat(dir.resolve("a.jsonl")).doesNotExist();
    }
}
