package io.riskwatch.cli.backtest;

import static io.riskwatch.cli.backtest.BacktestComparison.BASELINE;
import static io.riskwatch.cli.backtest.BacktestComparison.BOTH;
import static io.riskwatch.cli.backtest.BacktestComparison.CANDIDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestComparisonTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Alert alert(String id, String rule, String ts) {
        long millis = OffsetDateTime.parse(ts).toInstant().toEpochMilli();
        return new Alert(
                id,
                rule,
                Severity.HIGH,
                Audience.RISK,
                "C1",
                "B1",
                null,
                millis,
                ts,
                "<img onerror=x>",
                List.of("e1"),
                "{}",
                "v");
    }

    @Test
    void countsPerRuleAndTradingDayAndTheAlertsOnlyOneSideRaises() {
        Alert shared = alert("A-1", "LARGE_TRANSFER", "2026-11-20T10:00:00+08:00");
        // 23:59:59.999 local is still the 20th in the trading-day zone, though the 20th in UTC too; 00:00 is the 21st
        Alert lateEvening = alert("A-2", "LARGE_TRANSFER", "2026-11-20T23:59:59.999+08:00");
        Alert nextDay = alert("C-1", "CONCENTRATION", "2026-11-21T00:00:00+08:00");
        Alert earlyUtc = alert("A-3", "LARGE_TRANSFER", "2026-11-20T17:00:00Z");
        BacktestComparison c = BacktestComparison.of(
                List.of(shared, lateEvening, nextDay), List.of(shared, earlyUtc), SHANGHAI, List.of());

        assertThat(c.rules()).containsExactly("CONCENTRATION", "LARGE_TRANSFER");
        assertThat(c.days()).containsExactly(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21"));
        assertThat(c.count("LARGE_TRANSFER", LocalDate.parse("2026-11-20"), BASELINE))
                .isEqualTo(2);
        assertThat(c.count("LARGE_TRANSFER", LocalDate.parse("2026-11-20"), CANDIDATE))
                .isEqualTo(1);
        // 17:00 UTC is 01:00 on the 21st in Shanghai
        assertThat(c.count("LARGE_TRANSFER", LocalDate.parse("2026-11-21"), CANDIDATE))
                .isEqualTo(1);
        assertThat(c.count("CONCENTRATION", LocalDate.parse("2026-11-21"), BASELINE))
                .isEqualTo(1);
        assertThat(c.perRule().get("LARGE_TRANSFER")).containsExactly(2, 2, 1);
        assertThat(c.perRule().get("LARGE_TRANSFER")[BOTH]).isEqualTo(1);
        assertThat(c.onlyBaseline()).extracting(Alert::alertId).containsExactly("A-2", "C-1");
        assertThat(c.onlyCandidate()).extracting(Alert::alertId).containsExactly("A-3");
        assertThat(c.only(BASELINE, "CONCENTRATION")).extracting(Alert::alertId).containsExactly("C-1");
    }

    @Test
    void thresholdChangesAreTheLeavesThatDiffer(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Files.writeString(a, "version: \"1\"\nrules:\n  X:\n    enabled: true\n    threshold: {STANDARD: 5, HNW: 7}\n");
        Files.writeString(
                b,
                "version: \"2\"\nrules:\n  X:\n    enabled: true\n    threshold: {STANDARD: 4, HNW: 7}\n"
                        + "    window: 10min\n");
        assertThat(BacktestComparison.thresholdChanges(a, b))
                .containsExactly(
                        new BacktestComparison.ThresholdChange("X.threshold.STANDARD", "5", "4"),
                        new BacktestComparison.ThresholdChange("X.window", null, "10min"),
                        new BacktestComparison.ThresholdChange("version", "1", "2"));
    }

    @Test
    void theChangeColumnAndHtmlEscaping() {
        assertThat(BacktestReport.change(8, 14)).isEqualTo("+6 (+75 %)");
        assertThat(BacktestReport.change(10, 7)).isEqualTo("-3 (-30 %)");
        assertThat(BacktestReport.change(0, 2)).isEqualTo("+2 (new)");
        assertThat(BacktestReport.change(3, 3)).isEqualTo("0");
        assertThat(BacktestReport.esc("<a href='x'>&\"")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
    }

    @Test
    void theReportEscapesWhatTheAlertsSay() {
        Alert a = alert("A-1", "LARGE_TRANSFER", "2026-11-20T10:00:00+08:00");
        BacktestReport r = new BacktestReport(
                new BacktestReport.Run("1 file(s)", 1, 1, 0, true, "a.yaml", "1", "b.yaml", "2"),
                BacktestComparison.of(List.of(), List.of(a), SHANGHAI, List.of()));
        assertThat(r.html()).contains("&lt;img onerror=x&gt;").doesNotContain("<img");
        assertThat(r.markdown()).contains("| LARGE_TRANSFER | 0 | 1 | +1 (new) | 0 | 0 | 1 |");
    }
}
