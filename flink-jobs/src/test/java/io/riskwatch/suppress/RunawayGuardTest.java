package io.riskwatch.suppress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.config.RunawayGuardSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runaway-rule guard at its boundaries, in event time: window 10 min, baseline 60 min, factor 2, at least 5
 * alerts in the window.
 */
class RunawayGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIN = 60_000L;
    private static final long T0 = 1_763_602_200_000L; // 2026-11-20 09:30:00.000 +08:00, a whole minute
    private static final RunawayGuardSettings GUARD =
            new RunawayGuardSettings(true, 10 * MIN, 60 * MIN, 2, 5, List.of("HOLDING_TURNING_POINT"));

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;
    private int sequence;

    private void open(RunawayGuardSettings settings) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new RunawayGuard(SuppressAlerts.SUPPRESSED, settings, "Asia/Shanghai"),
                RunawayGuard::key,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private Alert alert(String rule, long ts) {
        String id = String.format("%03d", sequence++);
        return new Alert(
                rule + "-" + id,
                rule,
                Severity.MEDIUM,
                Audience.RISK,
                "C" + id,
                "B1",
                null,
                ts,
                "t",
                "s",
                List.of("e-" + id),
                "{}",
                "2026.11.21-1#abc");
    }

    /** {@code n} alerts of {@code rule} at {@code ts}, then the watermark at {@code ts}. */
    private List<Alert> send(String rule, long ts, int n) throws Exception {
        List<Alert> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Alert a = alert(rule, ts);
            sent.add(a);
            harness.processElement(a, ts);
        }
        harness.processWatermark(ts);
        return sent;
    }

    private List<Alert> delivered() {
        return harness.extractOutputValues().stream()
                .filter(a -> !a.rule().equals(RunawayGuard.ID))
                .toList();
    }

    private List<Alert> notices() {
        return harness.extractOutputValues().stream()
                .filter(a -> a.rule().equals(RunawayGuard.ID))
                .toList();
    }

    private List<String> held() {
        var out = harness.getSideOutput(SuppressAlerts.SUPPRESSED);
        return out == null
                ? List.of()
                : out.stream()
                        .map(StreamRecord::getValue)
                        .map(s -> s.reason() + ":" + s.alert().alertId())
                        .toList();
    }

    @Test
    void withoutABaselineTheRuleRunsAwayAtMinAlertsInTheWindowNotOneBefore() throws Exception {
        open(GUARD);
        send("FREQUENT_CANCELS", T0, 4); // 4 < minAlerts
        assertThat(delivered()).hasSize(4);
        assertThat(held()).isEmpty();

        List<Alert> fifth = send("FREQUENT_CANCELS", T0 + 9 * MIN + 59_999, 1); // same window: 5 = minAlerts
        assertThat(delivered()).hasSize(4);
        assertThat(held()).containsExactly("runaway:" + fifth.get(0).alertId());
        assertThat(notices()).hasSize(1);
    }

    @Test
    void theWindowIsTheLastWholeMinutesUpToTheAlertsOwn() throws Exception {
        open(GUARD);
        send("FREQUENT_CANCELS", T0, 4);
        // 09:40:00.000 is 10 minutes on: the 09:30 minute has left the window (m - 10 min, m]
        send("FREQUENT_CANCELS", T0 + 10 * MIN, 1);
        assertThat(delivered()).hasSize(5);
        assertThat(held()).isEmpty();
        assertThat(notices()).isEmpty();
    }

    @Test
    void withABaselineTheRuleRunsAwayOnlyAboveFactorTimesIt() throws Exception {
        open(GUARD);
        // baseline: 15 delivered in the hour before the window = 2.5 per 10 min; factor 2 -> more than 5 trips
        for (int i = 0; i < 5; i++) {
            send("LARGE_TRANSFER", T0 + MIN + i * 10 * MIN, 3); // 09:31, 09:41, ... 10:11
        }
        assertThat(delivered()).hasSize(15);
        long windowMinute = T0 + 70 * MIN; // window (09:30+60, 09:30+70]: the baseline is (09:30, 09:30+60]
        send("LARGE_TRANSFER", windowMinute, 5); // 5 = 2 x 2.5: not above
        assertThat(held()).isEmpty();
        List<Alert> sixth = send("LARGE_TRANSFER", windowMinute, 1); // 6 > 5
        assertThat(delivered()).hasSize(20);
        assertThat(held()).containsExactly("runaway:" + sixth.get(0).alertId());

        Alert notice = notices().get(0);
        assertThat(notice.severity()).isEqualTo(Severity.HIGH);
        assertThat(notice.audience()).isEqualTo(Audience.RISK);
        assertThat(notice.tsMillis()).isEqualTo(sixth.get(0).tsMillis());
        assertThat(notice.evidence()).isEqualTo(sixth.get(0).evidence());
        assertThat(notice.alertId()).startsWith(RunawayGuard.ID + "-");
        JsonNode m = JSON.readTree(notice.metricsJson());
        assertThat(m.get("heldRule").asText()).isEqualTo("LARGE_TRANSFER");
        assertThat(m.get("alertsInWindow").asLong()).isEqualTo(6);
        assertThat(m.get("baselinePerWindow").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(m.get("firstHeldAlertId").asText()).isEqualTo(sixth.get(0).alertId());
        assertThat(notice.summary())
                .startsWith("LARGE_TRANSFER raised 6 alerts in 10min, over 2 x its baseline of 2.50 per 10min");
        assertThat(m.get("window").asText()).isEqualTo("10min");
        assertThat(m.get("baseline").asText()).isEqualTo("1h");
    }

    @Test
    void aHeldRuleRaisesOneNoticeStaysHeldWhileTheRateHoldsAndIsReleasedWhenItFalls() throws Exception {
        open(GUARD);
        send("PRICE_DEVIATION", T0, 5); // the 5th trips
        send("PRICE_DEVIATION", T0 + MIN, 3); // still 8 in the window: held
        assertThat(delivered()).hasSize(4);
        assertThat(held()).hasSize(4);
        assertThat(notices()).hasSize(1);

        // 09:40: the window (09:30, 09:40] holds 09:31's three held alerts plus this one: 4 < 5, released
        List<Alert> after = send("PRICE_DEVIATION", T0 + 10 * MIN, 1);
        assertThat(delivered()).hasSize(5).last().isEqualTo(after.get(0));
        assertThat(held()).hasSize(4);

        // a second storm: held alerts never became baseline, so it trips again and raises a second notice
        send("PRICE_DEVIATION", T0 + 12 * MIN, 5);
        assertThat(notices()).hasSize(2);
        assertThat(notices().get(0).alertId()).isNotEqualTo(notices().get(1).alertId());
    }

    @Test
    void eachRuleHasItsOwnGuard() throws Exception {
        open(GUARD);
        send("PRICE_DEVIATION", T0, 5);
        send("CONCENTRATION", T0, 4);
        assertThat(held()).hasSize(1).allMatch(h -> h.startsWith("runaway:PRICE_DEVIATION"));
        assertThat(delivered())
                .filteredOn(a -> a.rule().equals("CONCENTRATION"))
                .hasSize(4);
    }

    @Test
    void theOutcomeDoesNotDependOnArrivalOrderWithinTheWatermark() throws Exception {
        open(GUARD);
        List<Alert> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(alert("FREQUENT_CANCELS", T0 + (i % 2) * 1000));
        }
        for (Alert a : batch) {
            harness.processElement(a, a.tsMillis());
        }
        harness.processWatermark(T0 + 1000);
        List<String> first = delivered().stream().map(Alert::alertId).toList();
        List<String> firstHeld = held();
        close();

        open(GUARD);
        List<Alert> reversed = new ArrayList<>(batch);
        Collections.reverse(reversed);
        for (Alert a : reversed) {
            harness.processElement(a, a.tsMillis());
        }
        harness.processWatermark(T0 + 1000);
        assertThat(delivered().stream().map(Alert::alertId).toList()).isEqualTo(first);
        assertThat(held()).isEqualTo(firstHeld).hasSize(3);
    }

    @Test
    void anExemptRuleIsNeverHeld() throws Exception {
        open(GUARD);
        send("HOLDING_TURNING_POINT", T0, 50);
        assertThat(delivered()).hasSize(50);
        assertThat(held()).isEmpty();
        assertThat(notices()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void switchedOffEveryAlertIsDelivered() throws Exception {
        open(GUARD.withEnabled(false));
        send("FREQUENT_CANCELS", T0, 50);
        assertThat(delivered()).hasSize(50);
        assertThat(held()).isEmpty();
        assertThat(notices()).isEmpty();
    }

    @Test
    void countsAreForgottenOnceWindowAndBaselineHavePassed() throws Exception {
        open(GUARD);
        send("FREQUENT_CANCELS", T0, 4);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(T0 + 71 * MIN);
        // only the 'held' flag could stay, and the rule was never held
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
