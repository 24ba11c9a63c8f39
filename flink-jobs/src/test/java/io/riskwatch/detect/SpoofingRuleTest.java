package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.cancel;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.order;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.security;
import static io.riskwatch.testing.TestEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.Event;
import io.riskwatch.state.GroupHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPOOFING at its boundaries (contract section 7, reading 17), state gone after the day. */
class SpoofingRuleTest {
    private static final String S = "600519.SH";
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static GroupHarness harness() throws Exception {
        return GroupHarness.of(SpoofingRule.DEFINITION);
    }

    /** A quote with this much resting at the best bid and ask. */
    private static Event book(long restingVolume, Instant at) {
        return quote(S, "10")
                .with("bidVolume", "" + restingVolume)
                .with("askVolume", "" + restingVolume)
                .at(at)
                .build();
    }

    /**
     * Episode {@code n} of client {@code c}: a BUY order of {@code qty} at {@code price} ({@code o<n>}), {@code
     * filled} of it traded, a SELL trade of {@code opposite} ({@code x<n>}, null: none), then the cancel ({@code
     * c<n>}); a minute per episode.
     */
    private static List<Event> episode(
            int n, String c, long qty, String price, long filled, String opposite, Instant start) {
        return episode("", n, c, qty, price, filled, opposite, start);
    }

    /** The same with ids prefixed by {@code p}. */
    private static List<Event> episode(
            String p, int n, String c, long qty, String price, long filled, String opposite, Instant start) {
        Instant t = start.plus(MINUTE.multipliedBy(n));
        String orderId = p + "oid-" + c + "-" + n;
        List<Event> out = new ArrayList<>();
        out.add(order(c, S, "BUY", price, qty)
                .id(p + "o" + n)
                .with("orderId", orderId)
                .at(t)
                .build());
        if (filled > 0) {
            out.add(trade(c, S, "BUY", price, filled)
                    .id(p + "f" + n)
                    .with("orderId", orderId)
                    .at(t.plus(SECOND))
                    .build());
        }
        if (opposite != null) {
            out.add(trade(opposite, S, "SELL", "10", 100)
                    .id(p + "x" + n)
                    .at(t.plus(SECOND.multipliedBy(2)))
                    .build());
        }
        out.add(cancel(c, orderId)
                .id(p + "c" + n)
                .at(t.plus(SECOND.multipliedBy(3)))
                .build());
        return out;
    }

    private static List<Event> episodes(int count, String c, long qty) {
        List<Event> out = new ArrayList<>();
        out.add(book(3_000_000, OPEN));
        for (int n = 1; n <= count; n++) {
            out.addAll(episode(n, c, qty, "10", 0, c, OPEN));
        }
        return out;
    }

    private static List<Alert> run(List<Event> events) throws Exception {
        try (GroupHarness h = harness()) {
            h.send(events.toArray(Event[]::new));
            h.end();
            assertStateGone(h);
            return h.alerts();
        }
    }

    @Test
    void threeEpisodesFireTwoDoNot() throws Exception {
        assertThat(run(episodes(2, "A", 1_000_000))).isEmpty();
        List<Alert> alerts = run(episodes(3, "A", 1_000_000));
        assertThat(alerts).hasSize(1);
        Alert a = alerts.get(0);
        assertThat(a.rule()).isEqualTo("SPOOFING");
        assertThat(a.symbol()).isEqualTo(S);
        assertThat(a.evidence()).containsExactly("o1", "c1", "o2", "c2", "o3", "c3");
        assertThat(a.ts()).isEqualTo("2026-11-20T09:33:03.000+08:00");
        assertThat(a.metricsJson())
                .contains(
                        "\"episodes\":3",
                        "\"orderQuantities\":[1000000,1000000,1000000]",
                        "\"unfilledFractions\":[1.0000,1.0000,1.0000]",
                        "\"groupId\":\"A\"",
                        "\"members\":[\"A\"]",
                        "\"regulation\":\"虚假申报");
    }

    @Test
    void anOrderHalfFilledIsAnEpisodeHalfPlusOneShareIsNot() throws Exception {
        List<Event> half = episodes(2, "A", 1_000_000);
        half.addAll(episode(3, "A", 1_000_000, "10", 500_000, "A", OPEN));
        List<Alert> alerts = run(half);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).metricsJson()).contains("\"unfilledFractions\":[1.0000,1.0000,0.5000]");

        List<Event> more = episodes(2, "A", 1_000_000);
        more.addAll(episode(3, "A", 1_000_000, "10", 500_001, "A", OPEN));
        assertThat(run(more)).isEmpty();
    }

    @Test
    void noOppositeTradeBetweenOrderAndCancelIsNoEpisode() throws Exception {
        List<Event> none = episodes(2, "A", 1_000_000);
        none.addAll(episode(3, "A", 1_000_000, "10", 0, null, OPEN));
        assertThat(run(none)).isEmpty();
        // a SELL trade just before the order is not after it
        List<Event> before = episodes(2, "A", 1_000_000);
        before.add(trade("A", S, "SELL", "10", 100)
                .id("x3")
                .at(OPEN.plus(MINUTE.multipliedBy(3)).minusMillis(1))
                .build());
        before.addAll(episode(3, "A", 1_000_000, "10", 0, null, OPEN));
        assertThat(run(before)).isEmpty();
        // a trade at the order's own ts is applied after it (trades rank after orders)
        List<Event> sameTs = episodes(2, "A", 1_000_000);
        sameTs.add(trade("A", S, "SELL", "10", 100)
                .id("x3")
                .at(OPEN.plus(MINUTE.multipliedBy(3)))
                .build());
        sameTs.addAll(episode(3, "A", 1_000_000, "10", 0, null, OPEN));
        assertThat(run(sameTs)).hasSize(1);
    }

    @Test
    void sizeJustUnderIsNotLargeByQuantityOrNotional() throws Exception {
        // 999,999 shares x 10 = 9,999,990 < 10,000,000: not large
        assertThat(run(episodes(3, "A", 999_999))).isEmpty();
        // 400,000 shares at 25 = 10,000,000: large by notional; 399,999 at 25: not
        for (long qty : new long[] {400_000, 399_999}) {
            List<Event> events = new ArrayList<>();
            events.add(book(1_000_000, OPEN));
            for (int n = 1; n <= 3; n++) {
                events.addAll(episode(n, "A", qty, "25", 0, "A", OPEN));
            }
            assertThat(run(events)).as("qty " + qty).hasSize(qty == 400_000 ? 1 : 0);
        }
    }

    @Test
    void anOrderUnderThirtyPercentOfTheRestingVolumeIsNotLarge() throws Exception {
        // 1,000,000 >= 0.3 x 3,333,333 = 999,999.9 but < 0.3 x 3,333,334 = 1,000,000.2
        for (long resting : new long[] {3_333_333, 3_333_334}) {
            List<Event> events = episodes(3, "A", 1_000_000);
            events.set(0, book(resting, OPEN));
            assertThat(run(events)).as("resting " + resting).hasSize(resting == 3_333_333 ? 1 : 0);
        }
        // without the same-side volume in the quote the criterion does not hold
        List<Event> noBook = episodes(3, "A", 1_000_000);
        noBook.set(0, quote(S, "10").at(OPEN).build());
        assertThat(run(noBook)).isEmpty();
    }

    @Test
    void anStSecurityHasTheLowerThresholds() throws Exception {
        List<Event> st = episodes(3, "A", 500_000);
        st.set(0, book(1_000_000, OPEN)); // 500,000 >= 0.3 x 1,000,000
        st.add(0, security(S, "LOW").withBoolean("st", true).at(OPEN).build());
        assertThat(run(st)).hasSize(1);
        List<Event> other = episodes(3, "A", 500_000);
        other.set(0, book(1_000_000, OPEN));
        other.add(0, security(S, "LOW").withBoolean("st", false).at(OPEN).build());
        assertThat(run(other)).isEmpty();
        // ST-ness is the security's at the order: an ST flag set after the orders does not count
        List<Event> late = episodes(3, "A", 500_000);
        late.set(0, book(1_000_000, OPEN));
        late.add(security(S, "LOW")
                .withBoolean("st", true)
                .at(OPEN.plus(MINUTE.multipliedBy(3)).plusMillis(1))
                .build());
        assertThat(run(late)).isEmpty();
    }

    @Test
    void episodesOfTwoMembersOfOneGroupCountTogether() throws Exception {
        List<Event> events = new ArrayList<>();
        events.add(client("A", "STANDARD").with("groupId", "G").at(OPEN).build());
        events.add(client("B", "STANDARD").with("groupId", "G").at(OPEN).build());
        events.add(book(3_000_000, OPEN));
        events.addAll(episode(1, "A", 1_000_000, "10", 0, "B", OPEN));
        events.addAll(episode(2, "B", 1_000_000, "10", 0, "A", OPEN));
        events.addAll(episode(3, "A", 1_000_000, "10", 0, "B", OPEN));
        List<Alert> alerts = run(events);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).metricsJson()).contains("\"groupId\":\"G\"", "\"members\":[\"A\",\"B\"]");
        // the opposite trade of another group does not count
        List<Event> apart = new ArrayList<>(events);
        apart.set(1, client("B", "STANDARD").with("groupId", "H").at(OPEN).build());
        assertThat(run(apart)).isEmpty();
    }

    @Test
    void onceADayThenAgainTheNextDay() throws Exception {
        List<Event> events = episodes(4, "A", 1_000_000);
        events.add(book(3_000_000, OPEN.plus(DAY)));
        for (int n = 1; n <= 3; n++) {
            events.addAll(episode("d2-", n, "A", 1_000_000, "10", 0, "A", OPEN.plus(DAY)));
        }
        assertThat(run(events))
                .extracting(Alert::ts)
                .containsExactly("2026-11-20T09:33:03.000+08:00", "2026-11-21T09:33:03.000+08:00");
    }

    @Test
    void anOrderOfThePreviousDayIsClosedAtItsCancel() throws Exception {
        List<Event> events = episodes(2, "A", 1_000_000);
        // the third order on day one, its opposite trade and cancel on day two
        events.add(order("A", S, "BUY", "10", 1_000_000)
                .id("o3")
                .with("orderId", "late")
                .at(OPEN.plus(MINUTE.multipliedBy(3)))
                .build());
        events.add(trade("A", S, "SELL", "10", 100).id("x3").at(OPEN.plus(DAY)).build());
        events.add(
                cancel("A", "late").id("c3").at(OPEN.plus(DAY).plusSeconds(1)).build());
        assertThat(run(events)).isEmpty();
    }

    static void assertStateGone(GroupHarness h) throws Exception {
        assertThat(h.groupsWithState(SpoofingRule.STATE)).isZero();
        assertThat(h.groupsWithState("group-book")).isZero();
        assertThat(h.groupsWithState("group-pending")).isZero();
        assertThat(h.clientsWithState("open-orders")).isZero();
        assertThat(h.groupTimers()).isZero();
    }
}
