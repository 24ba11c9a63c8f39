package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.cancel;
import static io.riskwatch.testing.TestEvents.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.Event;
import io.riskwatch.state.ClientHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrequentCancelsRuleTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(FrequentCancelsRule.DEFINITION);
    }

    /** n cancels of client c, one a second, the last at {@code last}. */
    private static List<Event> cancels(String c, int n, Instant last) {
        List<Event> out = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            out.add(cancel(c, "O" + i)
                    .id(c + "-" + last.toEpochMilli() + "-x" + (n - i))
                    .at(last.minus(SECOND.multipliedBy(i)))
                    .build());
        }
        return out;
    }

    private static List<Event> orders(String c, int n, Instant at) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(order(c, "S", "BUY", "10", 100).at(at).build());
        }
        return out;
    }

    private static void send(ClientHarness h, List<Event> events) throws Exception {
        h.send(events.toArray(Event[]::new));
    }

    @Test
    void twentyCancelsAtRatioExactlyOneHalfFireOneOrderMoreDoesNot() throws Exception {
        Instant last = OPEN.plus(MINUTE.multipliedBy(5));
        try (ClientHarness h = harness()) {
            send(h, orders("C1", 40, OPEN));
            send(h, cancels("C1", 20, last));
            send(h, orders("C2", 41, OPEN));
            send(h, cancels("C2", 20, last));
            send(h, cancels("C3", 19, last)); // no orders: infinite ratio, but only 19 cancels
            send(h, cancels("C4", 20, last)); // no orders: infinite ratio
            h.end();
            assertThat(h.alerts()).extracting(Alert::clientId).containsExactlyInAnyOrder("C1", "C4");
            Alert c1 = h.alerts().stream()
                    .filter(a -> a.clientId().equals("C1"))
                    .findFirst()
                    .orElseThrow();
            assertThat(c1.metricsJson()).contains("\"cancels\":20", "\"orders\":40", "\"ratio\":\"0.5000\"");
            assertThat(c1.evidence())
                    .hasSize(20)
                    .last()
                    .asString()
                    .startsWith("C1-")
                    .endsWith("-x20");
            assertThat(h.alerts().stream()
                            .filter(a -> a.clientId().equals("C4"))
                            .findFirst()
                            .orElseThrow()
                            .metricsJson())
                    .contains("\"ratio\":\"Infinity\"");
        }
    }

    @Test
    void theWindowIncludesEventsExactlyTenMinutesBeforeTheCancel() throws Exception {
        Instant last = OPEN.plus(MINUTE.multipliedBy(30));
        try (ClientHarness h = harness()) {
            // C1: 41 orders exactly 10 min before the 20th cancel are in the window: ratio < 0.5, silent
            send(h, orders("C1", 41, last.minus(MINUTE.multipliedBy(10))));
            send(h, cancels("C1", 20, last));
            // C2: the same orders 1 ms earlier are out of the window: 20 cancels, no orders, fires
            send(h, orders("C2", 41, last.minus(MINUTE.multipliedBy(10)).minus(MS)));
            send(h, cancels("C2", 20, last));
            // C3: the first of its 20 cancels 1 ms too early: only 19 in the window at the last one
            List<Event> c3 = new ArrayList<>(cancels("C3", 19, last));
            c3.add(cancel("C3", "early")
                    .at(last.minus(MINUTE.multipliedBy(10)).minus(MS))
                    .build());
            send(h, c3);
            h.end();
            assertThat(h.alerts()).extracting(Alert::clientId).containsExactly("C2");
        }
    }

    @Test
    void silentForSixtyMinutesAfterAnAlert() throws Exception {
        Instant first = OPEN.plus(MINUTE);
        try (ClientHarness h = harness()) {
            send(h, cancels("C1", 20, first));
            send(h, cancels("C1", 20, first.plus(MINUTE.multipliedBy(60)).minus(MS))); // still silent
            send(h, cancels("C2", 20, first));
            send(h, cancels("C2", 20, first.plus(MINUTE.multipliedBy(60)))); // 60 min later: alerts again
            h.end();
            assertThat(h.alerts()).extracting(Alert::clientId).containsExactly("C1", "C2", "C2");
        }
    }

    @Test
    void theWindowAndTheSilenceLeaveNoStateBehind() throws Exception {
        Instant first = OPEN.plus(MINUTE);
        try (ClientHarness h = harness()) {
            send(h, cancels("C1", 20, first));
            h.watermark(first.plus(MINUTE.multipliedBy(60)).toEpochMilli() - 1);
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.keysWithState(FrequentCancelsRule.STATE)).isEqualTo(1); // the silence is still running
            h.watermark(first.plus(MINUTE.multipliedBy(60)).toEpochMilli() + 1);
            assertThat(h.keysWithState(FrequentCancelsRule.STATE)).isZero();
        }
    }
}
