package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.cancel;
import static io.riskwatch.testing.TestEvents.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.Event;
import io.riskwatch.state.ClientHarness;
import io.riskwatch.state.PackedStrings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ORDER_RATE at its boundaries (contract section 7, reading 16), state gone after the day. */
class OrderRateRuleTest {
    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(OrderRateRule.DEFINITION);
    }

    /** n events of client c, alternately an order and a cancel, the i-th at start + i x stepMillis. */
    private static List<Event> burst(String c, int n, Instant start, long stepMillis) {
        return burst(c, c, n, start, stepMillis);
    }

    /** The same with ids {@code <prefix>-<i>}. */
    private static List<Event> burst(String c, String prefix, int n, Instant start, long stepMillis) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant at = start.plusMillis(i * stepMillis);
            out.add(
                    i % 2 == 0
                            ? order(c, "600519.SH", "BUY", "10", 100)
                                    .id(prefix + "-" + i)
                                    .at(at)
                                    .build()
                            : cancel(c, "o" + i).id(prefix + "-" + i).at(at).build());
        }
        return out;
    }

    private static List<Alert> of(ClientHarness h, String kind) {
        return h.alerts().stream()
                .filter(a -> a.metricsJson().contains("\"kind\":\"" + kind + "\""))
                .toList();
    }

    @Test
    void threeHundredInTheSecondFireTwoHundredNinetyNineDoNot() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(burst("C300", 300, OPEN, 1).toArray(Event[]::new)); // 300 within 299 ms
            h.send(burst("C299", 299, OPEN, 1).toArray(Event[]::new));
            h.end();
            List<Alert> alerts = of(h, "PER_SECOND");
            assertThat(alerts).extracting(Alert::clientId).containsExactly("C300");
            Alert a = alerts.get(0);
            assertThat(a.evidence()).containsExactly("C300-0", "C300-299");
            assertThat(a.symbol()).isNull();
            assertThat(a.metricsJson()).contains("\"count\":300", "\"threshold\":300", "\"regulation\":");
        }
    }

    /** F at T0, 298 events at T0 + 1..298 ms, then L at T0 + {@code lastAfterMillis}. */
    private static Event[] edge(long lastAfterMillis) {
        Instant t0 = OPEN;
        List<Event> events = new ArrayList<>();
        events.add(order("EDGE", "600519.SH", "BUY", "10", 100).id("F").at(t0).build());
        events.addAll(burst("EDGE", "E", 298, t0.plusMillis(1), 1));
        events.add(
                cancel("EDGE", "oL").id("L").at(t0.plusMillis(lastAfterMillis)).build());
        return events.toArray(Event[]::new);
    }

    @Test
    void anEventExactlyOneSecondEarlierIsNotCountedOneMillisecondLaterIs() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(edge(1000)); // F is exactly 1 s before L: (ts - 1 s, ts] holds 299
            h.end();
            assertThat(of(h, "PER_SECOND")).isEmpty();
        }
        try (ClientHarness h = harness()) {
            h.send(edge(999)); // F is 999 ms before L: 300
            h.end();
            assertThat(of(h, "PER_SECOND"))
                    .singleElement()
                    .satisfies(a -> assertThat(a.evidence()).containsExactly("F", "L"));
        }
    }

    @Test
    void twentyThousandADayFireNineteenThousandNineHundredNinetyNineDoNot() throws Exception {
        try (ClientHarness h = harness()) {
            // one every 1.2 s: never 300 in a second; 20,000 end at 16:10 the same trading day
            h.send(burst("D20000", 20_000, OPEN, 1_200).toArray(Event[]::new));
            h.send(burst("D19999", 19_999, OPEN, 1_200).toArray(Event[]::new));
            h.end();
            assertThat(of(h, "PER_SECOND")).isEmpty();
            List<Alert> day = of(h, "PER_DAY");
            assertThat(day).extracting(Alert::clientId).containsExactly("D20000");
            assertThat(day.get(0).evidence()).containsExactly("D20000-0", "D20000-19999");
            assertThat(day.get(0).metricsJson()).contains("\"count\":20000", "\"threshold\":20000");
        }
    }

    @Test
    void oncePerClientKindAndDayAndTheStateGoesAtTheDaysEnd() throws Exception {
        Instant nextDay = OPEN.plus(Duration.ofDays(1));
        try (ClientHarness h = harness()) {
            h.send(burst("C1", "a", 300, OPEN, 1).toArray(Event[]::new));
            h.send(burst("C1", "b", 300, OPEN.plusSeconds(60), 1).toArray(Event[]::new)); // same day: silent
            h.watermark(OPEN.plusSeconds(120).toEpochMilli());
            assertThat(h.keysWithState(OrderRateRule.STATE)).isEqualTo(1);
            h.send(burst("C1", "c", 300, nextDay, 1).toArray(Event[]::new)); // the next day: again
            h.end();
            assertThat(of(h, "PER_SECOND")).extracting(a -> a.evidence().get(0)).containsExactly("a-0", "c-0");
            assertThat(h.keysWithState(OrderRateRule.STATE))
                    .as("gone after the day")
                    .isZero();
            assertThat(h.timers()).isZero();
        }
    }

    @Test
    void bothKindsMayFireOnOneEventWithTheirOwnIds() throws Exception {
        // a day limit of 300: the 300th of a burst completes both
        OrderRateRule rule = new OrderRateRule(new OrderRateRule.Settings(300, 300, 1_000), "test");
        try (ClientHarness h = new ClientHarness(List.of(rule))) {
            h.send(burst("C1", 300, OPEN, 1).toArray(Event[]::new));
            h.end();
            assertThat(h.alerts()).hasSize(2);
            Alert second = of(h, "PER_SECOND").get(0);
            Alert day = of(h, "PER_DAY").get(0);
            assertThat(second.evidence()).isEqualTo(day.evidence()).containsExactly("C1-0", "C1-299");
            assertThat(second.alertId()).isNotEqualTo(day.alertId());
        }
    }

    @Test
    void theWindowKeepsItsOrderWhenItGrowsAfterWrappingAround() {
        OrderRateRule.Counts c = new OrderRateRule.Counts();
        for (int i = 0; i < 3; i++) {
            c.add(i, event("e" + i)); // capacity 1 -> 2 -> 4
        }
        c.dropUpTo(1); // e0, e1 out: the oldest now sits in the middle of the arrays
        c.add(3, event("e3"));
        c.add(4, event("e4"));
        c.add(5, event("e5")); // wrapped around, then full: grows again
        c.add(6, event("e6"));
        assertThat(c.windowSize).isEqualTo(5);
        assertThat(c.windowFirst().eventId()).isEqualTo("e2");
        c.dropUpTo(4);
        assertThat(c.windowSize).isEqualTo(2);
        assertThat(c.windowFirst().eventId()).isEqualTo("e5");
        c.dropUpTo(6);
        assertThat(c.windowSize).isZero();
        assertThat(c.window).containsOnlyNulls(); // a dropped event is not held
    }

    /** A value restored from the build that kept rendered events has counts but no window: it starts empty. */
    @Test
    void aCountsWithoutItsWindowStartsTheWindowEmptyAndKeepsTheDaysCount() {
        OrderRateRule.Counts c = new OrderRateRule.Counts();
        c.window = null;
        c.windowTs = new long[] {5, 6, 7, 0};
        c.windowSize = 3;
        c.dayCount = 3;
        c.dropUpTo(0);
        assertThat(c.windowSize).isZero();
        c.add(10, event("e10"));
        assertThat(c.windowSize).isEqualTo(1);
        assertThat(c.windowFirst().eventId()).isEqualTo("e10");
        assertThat(c.dayCount).isEqualTo(3);
    }

    private static OrderRateRule.Counted event(String id) {
        return new OrderRateRule.Counted(0, true, PackedStrings.pack(id, "C1", "o-" + id));
    }

    /**
     * The rule keeps its events packed and renders them when it fires: the evidence is the event as read (an order
     * with its accountId and price scale, a cancel), as any other rule renders it.
     */
    @Test
    void theFirstEventCountedIsRenderedAsItWasRead() throws Exception {
        Event first = order("C1", "600519.SH", "SELL", "10.50", 100)
                .with("accountId", "A-名-1")
                .id("first")
                .at(OPEN)
                .build();
        Event firstCancel = cancel("C2", "o-9").id("first-c").at(OPEN).build();
        try (ClientHarness h = harness()) {
            h.send(first);
            h.send(burst("C1", 299, OPEN.plusMillis(1), 1).toArray(Event[]::new));
            h.send(firstCancel);
            h.send(burst("C2", 299, OPEN.plusMillis(1), 1).toArray(Event[]::new));
            h.end();
            List<Alert> alerts = of(h, "PER_SECOND");
            assertThat(alerts).hasSize(2);
            for (Alert a : alerts) {
                Event expected = a.clientId().equals("C1") ? first : firstCancel;
                String rendered =
                        EvidenceEvents.of(expected, ZoneId.of("Asia/Shanghai")).json();
                assertThat(a.evidenceEventsJson()).startsWith("[" + rendered + ",");
            }
            assertThat(alerts.get(0).evidenceEventsJson()).contains("\"accountId\":\"A-名-1\"");
        }
    }
}
