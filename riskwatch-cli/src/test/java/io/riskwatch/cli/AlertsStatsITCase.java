package io.riskwatch.cli;

import static io.riskwatch.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.testing.CliRun;
import io.riskwatch.testing.LocalRedis;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.WeekFields;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code riskwatch alerts stats} on the sample day replayed into a real Redis, its alerts closed with known outcomes
 * from the command line: the counts and precision per rule, version and week, computed here from the alerts file.
 */
class AlertsStatsITCase {
    private static LocalRedis server;
    private static String uri;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = LocalRedis.start();
        uri = "redis://127.0.0.1:" + server.port() + "/0";
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void countsAndPrecisionPerRuleVersionAndWeek() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        assertThat(run(
                                "replay",
                                "--redis",
                                uri,
                                "--redis-prefix",
                                "stest",
                                "--alerts",
                                file.toString(),
                                "../samples/trading-day")
                        .code())
                .isZero();
        List<String> lines = Files.readAllLines(file);
        // outcomes by position in the file: confirmed, false positive, noted, left open, in turn
        String[] outcomes = {"confirmed", "false_positive", "noted", null};
        Map<String, long[]> expected = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode a = AlertJson.mapper().readTree(lines.get(i));
            String outcome = outcomes[i % outcomes.length];
            if (outcome != null) {
                CliRun closed = run(
                        "alerts",
                        "close",
                        a.get("alertId").asText(),
                        "--by",
                        "li.risk",
                        "--outcome",
                        outcome,
                        "--redis",
                        uri,
                        "--redis-prefix",
                        "stest");
                assertThat(closed.code()).as(closed.err()).isZero();
            }
            // the ISO week, by the locale-free ISO rules
            LocalDate day = LocalDate.parse(a.get("ts").asText().substring(0, 10));
            String week = day.get(WeekFields.ISO.weekBasedYear()) + "-W"
                    + String.format(Locale.ROOT, "%02d", day.get(WeekFields.ISO.weekOfWeekBasedYear()));
            long[] c = expected.computeIfAbsent(
                    a.get("rule").asText() + " " + a.get("ruleVersion").asText() + " " + week, k -> new long[5]);
            c[0]++;
            c[outcome == null ? 4 : i % outcomes.length + 1]++;
        }

        CliRun stats = run("alerts", "stats", "--redis", uri, "--redis-prefix", "stest");
        assertThat(stats.code()).as(stats.err()).isZero();
        Map<String, String> printed = new TreeMap<>();
        for (String line : stats.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 9 && !f[0].equals("rule")) {
                printed.put(
                        f[0] + " " + f[1] + " " + f[2],
                        String.join(" ", List.of(f).subList(3, 9)));
            }
        }
        Map<String, String> want = new TreeMap<>();
        expected.forEach((k, c) -> {
            long judged = c[1] + c[2];
            String precision = judged == 0
                    ? "-"
                    : BigDecimal.valueOf(c[1])
                            .divide(BigDecimal.valueOf(judged), 3, RoundingMode.HALF_EVEN)
                            .toPlainString();
            want.put(k, c[0] + " " + c[1] + " " + c[2] + " " + c[3] + " " + c[4] + " " + precision);
        });
        assertThat(printed).isEqualTo(want);
        assertThat(stats.out()).contains(want.size() + " row(s), " + lines.size() + " alert(s)");

        // the backtest report shows the baseline version's measured precision beside each rule's counts
        Path out = dir.resolve("backtest");
        CliRun bt = run(
                "backtest",
                "--baseline",
                "../config/rules.yaml",
                "--candidate",
                "../samples/backtest/rules-candidate.yaml",
                "--out",
                out.toString(),
                "--quiet",
                "--precision-from",
                uri,
                "--redis-prefix",
                "stest",
                "../samples/trading-day");
        assertThat(bt.code()).as(bt.err()).isZero();
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| Only candidate | Baseline precision (measured) |");
        Map<String, long[]> perRule = new TreeMap<>();
        expected.forEach((k, c) -> {
            long[] r = perRule.computeIfAbsent(k.substring(0, k.indexOf(' ')), x -> new long[2]);
            r[0] += c[1];
            r[1] += c[2];
        });
        perRule.forEach((rule, c) -> {
            long judged = c[0] + c[1];
            String text = judged == 0
                    ? "-"
                    : BigDecimal.valueOf(c[0])
                                    .divide(BigDecimal.valueOf(judged), 3, RoundingMode.HALF_EVEN)
                                    .toPlainString()
                            + " (" + c[0] + "/" + judged + ")";
            assertThat(md.lines()
                            .filter(l -> l.startsWith("| " + rule + " |"))
                            .findFirst()
                            .orElseThrow())
                    .endsWith(" | " + text + " |");
        });

        // one rule; a day after the sample: nothing
        CliRun one = run("alerts", "stats", "--rule", "LARGE_TRANSFER", "--redis", uri, "--redis-prefix", "stest");
        assertThat(one.out().lines().filter(l -> l.startsWith("LARGE_TRANSFER")).count())
                .isEqualTo(want.keySet().stream()
                        .filter(k -> k.startsWith("LARGE_TRANSFER "))
                        .count());
        assertThat(one.out()).doesNotContain("CONCENTRATION");
        assertThat(run("alerts", "stats", "--since", "2026-11-21", "--redis", uri, "--redis-prefix", "stest")
                        .out())
                .contains("0 row(s), 0 alert(s)");
        CliRun bad = run("alerts", "stats", "--since", "yesterday", "--redis", uri, "--redis-prefix", "stest");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("riskwatch: --since must be a date like 2026-11-16, got yesterday");
    }
}
