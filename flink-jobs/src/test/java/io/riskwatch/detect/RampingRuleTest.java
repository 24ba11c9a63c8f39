package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.security;
import static io.riskwatch.testing.TestEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.Event;
import io.riskwatch.state.GroupHarness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RAMPING at its boundaries (contract section 7, reading 18), state gone after the day. */
class RampingRuleTest {
    private static final String S = "600036.SH";

    /** Shanghai local time of 2026-11-20, e.g. {@code 09:43:00}. */
    private static Instant at(String localTime) {
        return Instant.parse("2026-11-20T" + localTime + "+08:00");
    }

    private static Event q(String id, String localTime, String price, long volume) {
        return quote(S, price)
                .id(id)
                .with("volume", "" + volume)
                .at(at(localTime))
                .build();
    }

    private static Event fill(String id, String c, String side, long qty, String localTime) {
        return trade(c, S, side, "10", qty).id(id).at(at(localTime)).build();
    }

    /**
     * q0 at {@code start} (10.00, volume 1,000,000), q1 2.5 min later ({@code price}, volume 1,000,000 + {@code
     * market}), the group's BUYs of 100,000 at +1 and +2 min and {@code last} at +3 min (the completing trade).
     */
    private static List<Event> ramp(String start, String price, long market, long last) {
        Instant s = at(start);
        List<Event> out = new ArrayList<>();
        out.add(quote(S, "10.00").id("q0").with("volume", "1000000").at(s).build());
        out.add(trade("A", S, "BUY", "10", 100_000)
                .id("t1")
                .at(s.plusSeconds(60))
                .build());
        out.add(trade("A", S, "BUY", "10", 100_000)
                .id("t2")
                .at(s.plusSeconds(120))
                .build());
        out.add(quote(S, price)
                .id("q1")
                .with("volume", "" + (1_000_000 + market))
                .at(s.plusSeconds(150))
                .build());
        out.add(trade("A", S, "BUY", "10", last).id("t3").at(s.plusSeconds(180)).build());
        return out;
    }

    private static List<Alert> run(List<Event> events) throws Exception {
        try (GroupHarness h = GroupHarness.of(RampingRule.DEFINITION)) {
            h.send(events.toArray(Event[]::new));
            h.end();
            assertThat(h.groupsWithState(RampingRule.STATE)).isZero();
            assertThat(h.groupsWithState(RampingRule.FIRED)).isZero();
            assertThat(h.groupsWithState("group-book")).isZero();
            assertThat(h.groupsWithState("group-pending")).isZero();
            assertThat(h.groupTimers()).isZero();
            return h.alerts();
        }
    }

    @Test
    void twoPercentUpWithThreeHundredThousandSharesAndThirtyPercentOfTheVolumeFires() throws Exception {
        List<Alert> alerts = run(ramp("09:40:00", "10.20", 1_000_000, 100_000));
        assertThat(alerts).hasSize(1);
        Alert a = alerts.get(0);
        assertThat(a.rule()).isEqualTo("RAMPING");
        assertThat(a.ts()).isEqualTo("2026-11-20T09:43:00.000+08:00");
        assertThat(a.evidence()).containsExactly("q0", "q1", "t1", "t2", "t3");
        assertThat(a.metricsJson())
                .contains(
                        "\"direction\":\"UP\"",
                        "\"move\":0.0200",
                        "\"priceBefore\":10,",
                        "\"priceNow\":10.2,",
                        "\"groupQuantity\":300000",
                        "\"groupNotional\":3000000.00",
                        "\"marketVolume\":1000000",
                        "\"share\":0.3000",
                        "\"members\":[\"A\"]",
                        "\"regulation\":\"拉抬打压");
    }

    @Test
    void aMoveOrAShareJustUnderDoesNot() throws Exception {
        assertThat(run(ramp("09:40:00", "10.19", 1_000_000, 100_000))).isEmpty();
        assertThat(run(ramp("09:40:00", "10.20", 1_000_001, 100_000))).isEmpty();
        // 299,999 shares, notional 2,999,990 < 3,000,000 (share 0.3 of 999,990 still met)
        assertThat(run(ramp("09:40:00", "10.20", 999_990, 99_999))).isEmpty();
    }

    @Test
    void aTradeExactlyTheWindowBeforeIsNotCounted() throws Exception {
        List<Event> events = ramp("09:40:00", "10.20", 1_000_000, 99_999);
        // 1 share exactly 3 min before the completing trade: out; 1 ms later: in
        events.add(fill("t0", "A", "BUY", 1, "09:40:00"));
        assertThat(run(events)).isEmpty();
        List<Event> inside = ramp("09:40:00", "10.20", 1_000_000, 99_999);
        inside.add(fill("t0", "A", "BUY", 1, "09:40:00.001"));
        assertThat(run(inside)).hasSize(1);
    }

    @Test
    void onlyTheContinuousSessionCompletes() throws Exception {
        assertThat(run(ramp("11:27:00", "10.20", 1_000_000, 100_000))).isEmpty(); // completing at 11:30:00
        assertThat(run(ramp("14:54:00", "10.20", 1_000_000, 100_000))).isEmpty(); // at 14:57:00
        assertThat(run(ramp("11:26:59.999", "10.20", 1_000_000, 100_000))).hasSize(1); // at 11:29:59.999
        assertThat(run(ramp("13:00:00", "10.20", 1_000_000, 100_000))).hasSize(1);
    }

    @Test
    void q0OfThePreviousDayOrAMarketVolumeOfZeroDoNot() throws Exception {
        // the trade at 09:31: the quote 3 minutes before is yesterday's close
        List<Event> early = new ArrayList<>();
        early.add(quote(S, "10.00")
                .id("q0")
                .with("volume", "1000000")
                .at(at("09:31:00").minus(DAY))
                .build());
        early.add(q("q1", "09:30:30", "10.50", 10_000));
        early.add(fill("t1", "A", "BUY", 300_000, "09:31:00"));
        assertThat(run(early)).isEmpty();
        assertThat(run(ramp("09:40:00", "10.20", 0, 100_000))).isEmpty();
        // a quote without volume
        List<Event> noVolume = ramp("09:40:00", "10.20", 1_000_000, 100_000);
        noVolume.set(0, quote(S, "10.00").id("q0").at(at("09:40:00")).build());
        assertThat(run(noVolume)).isEmpty();
    }

    @Test
    void sellsPushingThePriceDownFireDownAndOnceADayBlocksTheOtherDirection() throws Exception {
        List<Event> down = new ArrayList<>();
        down.add(q("q0", "09:40:00", "10.00", 1_000_000));
        down.add(q("q1", "09:42:30", "9.80", 2_000_000));
        down.add(fill("t1", "A", "SELL", 300_000, "09:43:00"));
        List<Alert> alerts = run(down);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).metricsJson()).contains("\"direction\":\"DOWN\"", "\"move\":0.0200");
        // an UP at 09:43 then a DOWN at 10:03: one alert
        List<Event> both = ramp("09:40:00", "10.20", 1_000_000, 100_000);
        both.add(q("q2", "10:00:00", "10.20", 2_000_000));
        both.add(q("q3", "10:02:30", "9.90", 3_000_000));
        both.add(fill("t4", "A", "SELL", 300_000, "10:03:00"));
        assertThat(run(both)).extracting(Alert::ts).containsExactly("2026-11-20T09:43:00.000+08:00");
        // a BUY while the price falls is no ramp
        List<Event> against = new ArrayList<>(down);
        against.set(2, fill("t1", "A", "BUY", 300_000, "09:43:00"));
        assertThat(run(against)).isEmpty();
    }

    @Test
    void aGroupsTradesAreDroppedOnceTheyLeftTheWindowNotOnlyAtTheDaysEnd() throws Exception {
        try (GroupHarness h = GroupHarness.of(RampingRule.DEFINITION)) {
            h.send(q("q0", "09:40:00", "10.00", 1_000_000), fill("t1", "A", "BUY", 1_000, "09:41:00"));
            h.watermark(at("09:43:59.999").toEpochMilli());
            assertThat(h.groupsWithState(RampingRule.STATE)).isOne();
            h.watermark(at("09:44:00").toEpochMilli()); // 3 min after the trade: out of every window
            assertThat(h.groupsWithState(RampingRule.STATE)).isZero();
            h.end();
        }
    }

    @Test
    void stSecuritiesHaveTheLowerNotional() throws Exception {
        // 100,000 shares at 10 = 1,000,000: the ST notional, not the other one; share 100,000 / 300,000
        for (boolean st : new boolean[] {true, false}) {
            List<Event> events = new ArrayList<>();
            events.add(
                    security(S, "LOW").withBoolean("st", st).at(at("09:00:00")).build());
            events.add(q("q0", "09:40:00", "10.00", 1_000_000));
            events.add(q("q1", "09:42:30", "10.20", 1_300_000));
            events.add(fill("t1", "A", "BUY", 100_000, "09:43:00"));
            assertThat(run(events)).as("st " + st).hasSize(st ? 1 : 0);
        }
    }

    @Test
    void theGroupsMembersTradesAddUp() throws Exception {
        List<Event> events = new ArrayList<>();
        events.add(
                client("A", "STANDARD").with("groupId", "G").at(at("09:00:00")).build());
        events.add(
                client("B", "STANDARD").with("groupId", "G").at(at("09:00:00")).build());
        events.add(q("q0", "09:40:00", "10.00", 1_000_000));
        events.add(fill("t1", "A", "BUY", 150_000, "09:41:00"));
        events.add(q("q1", "09:42:30", "10.20", 2_000_000));
        events.add(fill("t2", "B", "BUY", 150_000, "09:43:00"));
        List<Alert> alerts = run(events);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).clientId()).isEqualTo("B");
        assertThat(alerts.get(0).evidence()).containsExactly("q0", "q1", "t1", "t2");
        assertThat(alerts.get(0).metricsJson()).contains("\"groupId\":\"G\"", "\"members\":[\"A\",\"B\"]");
        // B in another group: neither reaches 300,000
        events.set(
                1,
                client("B", "STANDARD").with("groupId", "H").at(at("09:00:00")).build());
        assertThat(run(events)).isEmpty();
    }
}
