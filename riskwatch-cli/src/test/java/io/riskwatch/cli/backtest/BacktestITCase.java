package io.riskwatch.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.alert.Alert;
import io.riskwatch.cli.Riskwatch;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.job.ReplayJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code riskwatch backtest} on the sample day with the shipped rules against the example candidate
 * (LARGE_TRANSFER STANDARD 500,000 -> 300,000, CONCENTRATION maxShare 0.5 -> 0.6): one job gives each version
 * the alerts a replay with that version alone gives, and the report's figures are those of the two files.
 */
class BacktestITCase {
    private static final String SAMPLE = "../samples/trading-day";
    private static final Path BASELINE = Path.of("../config/rules.yaml");
    private static final Path CANDIDATE = Path.of("../samples/backtest/rules-candidate.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void oneJobGivesEachVersionTheAlertsOfItsOwnReplayAndTheReportExplainsTheDifference() throws Exception {
        Path out = dir.resolve("bt");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Riskwatch.execute(
                new String[] {
                    "backtest",
                    "--baseline",
                    BASELINE.toString(),
                    "--candidate",
                    CANDIDATE.toString(),
                    "--out",
                    out.toString(),
                    SAMPLE
                },
                new PrintWriter(stdout, true),
                new PrintWriter(stderr, true));
        assertThat(code).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("read = processed + dead-lettered: OK");

        Path alone = dir.resolve("baseline-alone/alerts.jsonl");
        ReplayJob.run(new ReplayJob.Request(
                List.of(SAMPLE),
                ConfigLoader.load(null, BASELINE),
                RuleCatalog.RULES.ids(),
                2,
                alone,
                alone.resolveSibling("dead.jsonl")));
        Path candAlone = dir.resolve("candidate-alone/alerts.jsonl");
        ReplayJob.run(new ReplayJob.Request(
                List.of(SAMPLE),
                ConfigLoader.load(null, CANDIDATE),
                RuleCatalog.RULES.ids(),
                2,
                candAlone,
                candAlone.resolveSibling("dead.jsonl")));
        assertThat(Files.readString(out.resolve("baseline-alerts.jsonl"))).isEqualTo(Files.readString(alone));
        assertThat(Files.readString(out.resolve("candidate-alerts.jsonl"))).isEqualTo(Files.readString(candAlone));
        assertThat(Files.readString(out.resolve("dead-letters.jsonl")))
                .isEqualTo(Files.readString(alone.resolveSibling("dead.jsonl")));

        List<Alert> base = BacktestCommand.read(out.resolve("baseline-alerts.jsonl"));
        List<Alert> cand = BacktestCommand.read(out.resolve("candidate-alerts.jsonl"));
        Set<String> baseIds = base.stream().map(Alert::alertId).collect(Collectors.toSet());
        Set<String> candIds = cand.stream().map(Alert::alertId).collect(Collectors.toSet());
        List<Alert> onlyCand =
                cand.stream().filter(a -> !baseIds.contains(a.alertId())).toList();
        List<Alert> onlyBase =
                base.stream().filter(a -> !candIds.contains(a.alertId())).toList();
        // the two changes explain every difference, at their boundaries
        assertThat(onlyCand).isNotEmpty().allSatisfy(a -> {
            assertThat(a.rule()).isEqualTo("LARGE_TRANSFER");
            JsonNode m = JSON.readTree(a.metricsJson());
            assertThat(m.get("tier").asText()).isEqualTo("STANDARD");
            assertThat(m.get("amount").decimalValue())
                    .isGreaterThanOrEqualTo(new BigDecimal("300000"))
                    .isLessThan(new BigDecimal("500000"));
        });
        assertThat(onlyBase).isNotEmpty().allSatisfy(a -> {
            assertThat(a.rule()).isEqualTo("CONCENTRATION");
            double share = JSON.readTree(a.metricsJson()).get("share").asDouble();
            assertThat(share).isGreaterThanOrEqualTo(0.5).isLessThan(0.6);
        });

        String md = Files.readString(out.resolve("report.md"));
        for (String rule : base.stream().map(Alert::rule).collect(Collectors.toSet())) {
            long b = base.stream().filter(a -> a.rule().equals(rule)).count();
            long c = cand.stream().filter(a -> a.rule().equals(rule)).count();
            assertThat(md).contains(String.format("| %s | %,d | %,d |", rule, b, c));
        }
        assertThat(md)
                .contains("## Alerts only the candidate raises (" + onlyCand.size() + ")")
                .contains("## Alerts only the baseline raises (" + onlyBase.size() + ")")
                .contains("| `LARGE_TRANSFER.threshold.STANDARD` | 500000 | 300000 |")
                .contains("| `CONCENTRATION.maxShare.STANDARD` | 0.5 | 0.6 |")
                .contains(onlyCand.get(0).alertId())
                .contains(onlyBase.get(0).alertId())
                .contains("evidence: " + String.join(", ", onlyCand.get(0).evidence()));

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<svg")
                .contains(onlyCand.get(0).alertId())
                // self-contained: nothing loaded from elsewhere
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain(" src=")
                .doesNotContain(" href=");
    }

    @Test
    void aRulesFileMeantForReplayIsRefused() {
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(
                new String[] {
                    "backtest",
                    "--baseline",
                    BASELINE.toString(),
                    "--candidate",
                    CANDIDATE.toString(),
                    "--rules-file",
                    BASELINE.toString(),
                    "--out",
                    dir.toString(),
                    SAMPLE
                },
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--rules-file does not apply to a backtest");
    }
}
