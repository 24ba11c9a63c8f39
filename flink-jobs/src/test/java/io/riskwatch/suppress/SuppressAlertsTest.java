package io.riskwatch.suppress;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The route stage at its boundaries, in event time. */
class SuppressAlertsTest {
    private static final long MIN = 60_000L;
    private static final long COOLDOWN = 60 * MIN;
    private static final long DAY = 24 * 60 * MIN;
    private static final long T0 = 1_763_602_200_000L; // 2026-11-20 09:30 +08:00

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SuppressAlerts(SuppressAlerts.SUPPRESSED, Map.of("FREQUENT_CANCELS", COOLDOWN), 7 * DAY),
                SuppressAlerts::key,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static Alert alert(String rule, String client, long ts, String id) {
        return new Alert(
                rule + "-" + id,
                rule,
                Severity.MEDIUM,
                Audience.RISK,
                client,
                null,
                null,
                ts,
                "t",
                "s",
                List.of(id),
                "{}",
                "v");
    }

    private void send(Alert... alerts) throws Exception {
        for (Alert a : alerts) {
            harness.processElement(a, a.tsMillis());
        }
    }

    private List<String> delivered() {
        return harness.extractOutputValues().stream().map(Alert::alertId).toList();
    }

    private List<String> suppressed() {
        var out = harness.getSideOutput(SuppressAlerts.SUPPRESSED);
        return out == null
                ? List.of()
                : out.stream()
                        .map(StreamRecord::getValue)
                        .map(s -> s.reason() + ":" + s.alert().alertId())
                        .toList();
    }

    @Test
    void theCooldownRunsFromTheLastDeliveredAlertAndEndsExactlyAtItsLength() throws Exception {
        send(
                alert("FREQUENT_CANCELS", "C1", T0, "a"),
                alert("FREQUENT_CANCELS", "C1", T0 + COOLDOWN - 1, "b"), // just inside: suppressed
                alert("FREQUENT_CANCELS", "C1", T0 + COOLDOWN, "c"), // at the edge: ts < prev + cooldown is false
                alert("FREQUENT_CANCELS", "C1", T0 + COOLDOWN + 1, "d")); // 1 ms after c: suppressed
        harness.processWatermark(T0 + 3 * COOLDOWN);
        assertThat(delivered()).containsExactly("FREQUENT_CANCELS-a", "FREQUENT_CANCELS-c");
        assertThat(suppressed()).containsExactly("cooldown:FREQUENT_CANCELS-b", "cooldown:FREQUENT_CANCELS-d");
    }

    @Test
    void otherClientsAndRulesWithoutACooldownAreUntouched() throws Exception {
        send(
                alert("FREQUENT_CANCELS", "C1", T0, "a"),
                alert("FREQUENT_CANCELS", "C2", T0 + 1, "b"),
                alert("PRICE_DEVIATION", "C1", T0 + 2, "c"),
                alert("PRICE_DEVIATION", "C1", T0 + 3, "d"));
        harness.processWatermark(T0 + 10);
        assertThat(delivered())
                .containsExactlyInAnyOrder(
                        "FREQUENT_CANCELS-a", "FREQUENT_CANCELS-b", "PRICE_DEVIATION-c", "PRICE_DEVIATION-d");
        assertThat(suppressed()).isEmpty();
    }

    @Test
    void alertsWaitForTheWatermarkAndAreJudgedInEventTimeOrderWhateverTheArrivalOrder() throws Exception {
        send(alert("FREQUENT_CANCELS", "C1", T0 + COOLDOWN - 1, "late"), alert("FREQUENT_CANCELS", "C1", T0, "early"));
        harness.processWatermark(T0 + COOLDOWN - 2);
        assertThat(delivered()).containsExactly("FREQUENT_CANCELS-early");
        assertThat(suppressed()).isEmpty(); // "late" is not judged before the watermark passes it
        harness.processWatermark(T0 + COOLDOWN - 1);
        assertThat(suppressed()).containsExactly("cooldown:FREQUENT_CANCELS-late");
    }

    @Test
    void twoAlertsAtTheSameInstantAreOrderedByAlertId() throws Exception {
        send(alert("FREQUENT_CANCELS", "C1", T0, "z"), alert("FREQUENT_CANCELS", "C1", T0, "m"));
        harness.processWatermark(T0);
        assertThat(delivered()).containsExactly("FREQUENT_CANCELS-m");
        assertThat(suppressed()).containsExactly("cooldown:FREQUENT_CANCELS-z");
    }

    @Test
    void theSameAlertTwiceIsADuplicateEvenWithoutACooldown() throws Exception {
        Alert a = alert("LARGE_TRANSFER", "C1", T0, "t1");
        send(a, a);
        harness.processWatermark(T0 + 1);
        send(a); // arrives again later (e.g. from a second upstream path)
        harness.processWatermark(T0 + DAY);
        assertThat(delivered()).containsExactly("LARGE_TRANSFER-t1");
        assertThat(suppressed()).containsExactly("duplicate:LARGE_TRANSFER-t1", "duplicate:LARGE_TRANSFER-t1");
    }

    @Test
    void nothingIsKeptOnceTheDedupeWindowAndTheCooldownAreOver() throws Exception {
        send(alert("FREQUENT_CANCELS", "C1", T0, "a"), alert("LARGE_TRANSFER", "C1", T0, "b"));
        harness.processWatermark(T0 + 7 * DAY);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(T0 + 7 * DAY + 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
