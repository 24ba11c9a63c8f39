package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.Event;
import io.riskwatch.state.GroupHarness;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SELF_TRADE at its boundaries (contract section 7, reading 20), state gone after the day. */
class SelfTradeRuleTest {
    private static final String S = "600519.SH";

    private static GroupHarness harness() throws Exception {
        return GroupHarness.of(SelfTradeRule.DEFINITION);
    }

    private static Event member(String clientId, String groupId, Instant at) {
        return client(clientId, "STANDARD").with("groupId", groupId).at(at).build();
    }

    private static Event volume(long volume, Instant at) {
        return quote(S, "10").with("volume", "" + volume).at(at).build();
    }

    private static Event fill(String id, String clientId, String side, long qty, String matchId, Instant at) {
        return trade(clientId, S, side, "10", qty)
                .id(id)
                .with("matchId", matchId)
                .at(at)
                .build();
    }

    /** A BUY by {@code a} and a SELL by {@code b} of one execution, a minute apart, after a quote of that volume. */
    private static GroupHarness pair(String a, String b, long qty, long marketVolume) throws Exception {
        GroupHarness h = harness();
        h.send(
                volume(marketVolume, OPEN),
                fill("t1", a, "BUY", qty, "m1", OPEN.plus(MINUTE)),
                fill("t2", b, "SELL", qty, "m1", OPEN.plus(MINUTE.multipliedBy(2))));
        return h;
    }

    @Test
    void oneClientOnBothSidesOfOneHundredThousandSharesAtTenPercentExactlyFires() throws Exception {
        try (GroupHarness h = pair("A", "A", 100_000, 1_000_000)) {
            h.end();
            assertThat(h.alerts()).hasSize(1);
            Alert a = h.alerts().get(0);
            assertThat(a.rule()).isEqualTo("SELF_TRADE");
            assertThat(a.clientId()).isEqualTo("A");
            assertThat(a.symbol()).isEqualTo(S);
            assertThat(a.evidence()).containsExactly("t1", "t2");
            assertThat(a.metricsJson())
                    .contains(
                            "\"selfQuantity\":100000",
                            "\"marketVolume\":1000000",
                            "\"share\":0.1000",
                            "\"matches\":1",
                            "\"groupId\":\"A\"",
                            "\"members\":[\"A\"]",
                            "\"regulation\":\"自买自卖");
            assertStateGone(h);
        }
    }

    @Test
    void ninetyNineThousandNineHundredNinetyNineSharesDoNot() throws Exception {
        try (GroupHarness h = pair("A", "A", 99_999, 1)) {
            h.end();
            assertThat(h.alerts()).isEmpty();
            assertStateGone(h);
        }
    }

    @Test
    void justUnderTenPercentOfTheMarketVolumeDoesNot() throws Exception {
        try (GroupHarness h = pair("A", "A", 100_000, 1_000_001)) {
            h.end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void aMarketVolumeOfZeroPassesTheShareTest() throws Exception {
        try (GroupHarness h = pair("A", "A", 100_000, 0)) {
            h.end();
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.alerts().get(0).metricsJson()).contains("\"marketVolume\":0", "\"share\":null");
        }
    }

    @Test
    void aQuoteOfThePreviousDayOrWithoutVolumeGivesNoMarketVolume() throws Exception {
        try (GroupHarness h = harness()) {
            h.send(
                    volume(0, OPEN.minus(DAY)),
                    fill("t1", "A", "BUY", 200_000, "m1", OPEN),
                    fill("t2", "A", "SELL", 200_000, "m1", OPEN.plus(MINUTE)));
            h.end();
            assertThat(h.alerts()).isEmpty();
        }
        try (GroupHarness h = harness()) {
            h.send(
                    quote(S, "10").at(OPEN).build(),
                    fill("t1", "A", "BUY", 200_000, "m1", OPEN.plus(MINUTE)),
                    fill("t2", "A", "SELL", 200_000, "m1", OPEN.plus(MINUTE.multipliedBy(2))));
            h.end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void twoMembersOfOneGroupFireTwoGroupsDoNot() throws Exception {
        try (GroupHarness h = harness()) {
            h.send(member("A", "G1", OPEN.minus(MINUTE)), member("B", "G1", OPEN.minus(MINUTE)));
            h.send(
                    volume(1_000_000, OPEN),
                    fill("t1", "A", "BUY", 100_000, "m1", OPEN.plus(MINUTE)),
                    fill("t2", "B", "SELL", 100_000, "m1", OPEN.plus(MINUTE.multipliedBy(2))));
            h.end();
            assertThat(h.alerts()).hasSize(1);
            Alert a = h.alerts().get(0);
            assertThat(a.clientId()).isEqualTo("B"); // the completing trade's client
            assertThat(a.metricsJson()).contains("\"groupId\":\"G1\"", "\"members\":[\"A\",\"B\"]");
            assertStateGone(h);
        }
        try (GroupHarness h = harness()) {
            h.send(member("A", "G1", OPEN.minus(MINUTE)), member("B", "G2", OPEN.minus(MINUTE)));
            h.send(
                    volume(1_000_000, OPEN),
                    fill("t1", "A", "BUY", 100_000, "m1", OPEN.plus(MINUTE)),
                    fill("t2", "B", "SELL", 100_000, "m1", OPEN.plus(MINUTE.multipliedBy(2))));
            h.end();
            assertThat(h.alerts()).isEmpty();
            assertStateGone(h);
        }
    }

    @Test
    void aThirdTradeWithAMatchedMatchIdIsIgnored() throws Exception {
        try (GroupHarness h = harness()) {
            h.send(
                    volume(1_000_000, OPEN),
                    fill("t1", "A", "BUY", 60_000, "m1", OPEN.plus(MINUTE)),
                    fill("t2", "A", "SELL", 60_000, "m1", OPEN.plus(MINUTE.multipliedBy(2))),
                    // a third trade with m1 would make 120,000 if it paired with anything; it is ignored ...
                    fill("t3", "A", "BUY", 60_000, "m1", OPEN.plus(MINUTE.multipliedBy(3))),
                    fill("t4", "A", "SELL", 60_000, "m1", OPEN.plus(MINUTE.multipliedBy(4))));
            h.end();
            assertThat(h.alerts()).isEmpty();
        }
        try (GroupHarness h = harness()) {
            h.send(
                    volume(1_000_000, OPEN),
                    fill("t1", "A", "BUY", 60_000, "m1", OPEN.plus(MINUTE)),
                    fill("t2", "A", "SELL", 60_000, "m1", OPEN.plus(MINUTE.multipliedBy(2))),
                    fill("t3", "A", "BUY", 60_000, "m1", OPEN.plus(MINUTE.multipliedBy(3))),
                    // ... while a second execution of 40,000 completes the day's 100,000
                    fill("t5", "A", "SELL", 40_000, "m2", OPEN.plus(MINUTE.multipliedBy(5))),
                    fill("t6", "A", "BUY", 50_000, "m2", OPEN.plus(MINUTE.multipliedBy(6))));
            h.end();
            assertThat(h.alerts()).hasSize(1);
            Alert a = h.alerts().get(0);
            assertThat(a.evidence()).containsExactly("t1", "t2", "t5", "t6");
            assertThat(a.metricsJson()).contains("\"selfQuantity\":100000", "\"matches\":2");
        }
    }

    /** Two BUYs of A wait under m1 (the first, then the second), then A's SELL of 100,000 comes. */
    private static GroupHarness twoWaitingThenASell(long first, long second) throws Exception {
        GroupHarness h = harness();
        h.send(
                volume(1_000_000, OPEN),
                fill("t1", "A", "BUY", first, "m1", OPEN.plus(MINUTE)),
                fill("t2", "A", "BUY", second, "m1", OPEN.plus(MINUTE.multipliedBy(2))),
                fill("t3", "A", "SELL", 100_000, "m1", OPEN.plus(MINUTE.multipliedBy(3))));
        h.end();
        return h;
    }

    @Test
    void theOppositeTradePairsWithTheEarliestOfTwoWaitingOnOneSide() throws Exception {
        // the SELL pairs with the earlier BUY (100,000: fires with t1), never the later (90,000)
        try (GroupHarness h = twoWaitingThenASell(100_000, 90_000)) {
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.alerts().get(0).evidence()).containsExactly("t1", "t3");
            assertThat(h.alerts().get(0).metricsJson()).contains("\"selfQuantity\":100000");
            assertStateGone(h);
        }
        // the earlier waiting one is 90,000: the match is 90,000, under the threshold, whatever waits behind it
        try (GroupHarness h = twoWaitingThenASell(90_000, 100_000)) {
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void aTradeWaitsUnderItsGroupAtItsOwnTsWhenTheClientChangesGroup() throws Exception {
        // A's BUY is in G1; then A moves to G2; B (G1) sells the other side: the pair is G1's
        try (GroupHarness h = harness()) {
            h.send(member("A", "G1", OPEN.minus(MINUTE)), member("B", "G1", OPEN.minus(MINUTE)));
            h.send(
                    volume(1_000_000, OPEN),
                    fill("t1", "A", "BUY", 100_000, "m1", OPEN.plus(MINUTE)),
                    member("A", "G2", OPEN.plus(MINUTE.multipliedBy(2))),
                    fill("t2", "B", "SELL", 100_000, "m1", OPEN.plus(MINUTE.multipliedBy(3))));
            h.end();
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.alerts().get(0).metricsJson()).contains("\"groupId\":\"G1\"", "\"members\":[\"A\",\"B\"]");
        }
        // A moves to G2 before its BUY: B's SELL in G1 has no partner in G1, A's BUY none in G2
        try (GroupHarness h = harness()) {
            h.send(member("A", "G1", OPEN.minus(MINUTE)), member("B", "G1", OPEN.minus(MINUTE)));
            h.send(
                    volume(1_000_000, OPEN),
                    member("A", "G2", OPEN.plus(MINUTE)),
                    fill("t1", "A", "BUY", 100_000, "m1", OPEN.plus(MINUTE.multipliedBy(2))),
                    fill("t2", "B", "SELL", 100_000, "m1", OPEN.plus(MINUTE.multipliedBy(3))));
            h.end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void onceADayThenAgainTheNextDay() throws Exception {
        try (GroupHarness h = harness()) {
            h.send(
                    volume(1_000_000, OPEN),
                    fill("t1", "A", "BUY", 100_000, "m1", OPEN.plus(MINUTE)),
                    fill("t2", "A", "SELL", 100_000, "m1", OPEN.plus(MINUTE.multipliedBy(2))),
                    fill("t3", "A", "BUY", 100_000, "m2", OPEN.plus(MINUTE.multipliedBy(3))),
                    fill("t4", "A", "SELL", 100_000, "m2", OPEN.plus(MINUTE.multipliedBy(4))),
                    volume(1_000_000, OPEN.plus(DAY)),
                    fill("t5", "A", "BUY", 100_000, "m1", OPEN.plus(DAY).plus(MINUTE)),
                    fill("t6", "A", "SELL", 100_000, "m1", OPEN.plus(DAY).plus(MINUTE.multipliedBy(2))));
            h.end();
            assertThat(h.alerts()).extracting(a -> a.evidence().get(0)).containsExactly("t1", "t5");
            assertStateGone(h);
        }
    }

    @Test
    void aTradeWaitsForItsPartnerUntilTheEndOfItsTradingDayOnly() throws Exception {
        try (GroupHarness h = harness()) {
            h.send(
                    volume(1_000_000, OPEN),
                    fill("t1", "A", "BUY", 100_000, "m1", OPEN.plus(MINUTE)),
                    volume(1_000_000, OPEN.plus(DAY)),
                    fill("t2", "A", "SELL", 100_000, "m1", OPEN.plus(DAY).plus(MINUTE)));
            h.end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    static void assertStateGone(GroupHarness h) throws Exception {
        assertThat(h.groupsWithState(SelfTradeRule.STATE)).isZero();
        assertThat(h.groupsWithState("group-book")).isZero();
        assertThat(h.groupsWithState("group-pending")).isZero();
        assertThat(h.clientsWithState("open-orders")).isZero();
        assertThat(h.groupTimers()).isZero();
    }
}
