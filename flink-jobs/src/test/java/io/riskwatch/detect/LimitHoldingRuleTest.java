package io.riskwatch.detect;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LIMIT_HOLDING at its boundaries (contract section 7, reading 19), state gone after the day. */
class LimitHoldingRuleTest {
    private static final String S = "000001.SZ";

    /** The symbol at its limit-up 5.50 (limit-down 4.50), with this much resting at the best bid and ask. */
    private static Event atLimitUp(String price, long resting, Instant at) {
        return quote(S, price)
                .with("limitUp", "5.50")
                .with("limitDown", "4.50")
                .with("bidVolume", "" + resting)
                .with("askVolume", "" + resting)
                .id("q-" + at.toEpochMilli())
                .at(at)
                .build();
    }

    private static Event buy(String id, String c, String price, long qty, Instant at) {
        return order(c, S, "BUY", price, qty)
                .id(id)
                .with("orderId", "oid-" + id)
                .at(at)
                .build();
    }

    private static Instant t(int minutes) {
        return OPEN.plus(MINUTE.multipliedBy(minutes));
    }

    private static List<Alert> run(Event... events) throws Exception {
        try (GroupHarness h = GroupHarness.of(LimitHoldingRule.DEFINITION)) {
            h.send(events);
            h.end();
            assertThat(h.groupsWithState(LimitHoldingRule.STATE)).isZero();
            assertThat(h.groupsWithState("group-book")).isZero();
            assertThat(h.groupsWithState("group-pending")).isZero();
            assertThat(h.clientsWithState("open-orders")).isZero();
            assertThat(h.groupTimers()).isZero();
            return h.alerts();
        }
    }

    @Test
    void oneMillionSharesOpenAtTheLimitWhileTheQuoteIsThereFire() throws Exception {
        List<Alert> alerts = run(atLimitUp("5.50", 3_000_000, t(0)), buy("o1", "A", "5.5", 1_000_000, t(1)));
        assertThat(alerts).hasSize(1);
        Alert a = alerts.get(0);
        assertThat(a.rule()).isEqualTo("LIMIT_HOLDING");
        assertThat(a.severity().name()).isEqualTo("MEDIUM");
        assertThat(a.evidence()).containsExactly("q-" + t(0).toEpochMilli(), "o1");
        assertThat(a.metricsJson())
                .contains(
                        "\"side\":\"BUY\"",
                        "\"openQuantity\":1000000",
                        "\"restingVolume\":3000000",
                        "\"share\":0.3333",
                        "\"members\":[\"A\"]",
                        "\"regulation\":\"维持涨跌幅限制价格");
    }

    @Test
    void oneTickUnderTheLimitOrAQuoteNotAtTheLimitDoNot() throws Exception {
        assertThat(run(atLimitUp("5.50", 3_000_000, t(0)), buy("o1", "A", "5.49", 1_000_000, t(1))))
                .isEmpty();
        assertThat(run(atLimitUp("5.49", 3_000_000, t(0)), buy("o1", "A", "5.50", 1_000_000, t(1))))
                .isEmpty();
        // a quote without limits: the criterion does not hold
        assertThat(run(
                        quote(S, "5.50").with("bidVolume", "1").at(t(0)).build(),
                        buy("o1", "A", "5.50", 1_000_000, t(1))))
                .isEmpty();
    }

    @Test
    void openQuantityJustUnderDoesNot() throws Exception {
        // 999,999 x 5.50 = 5,499,994.50 < 10,000,000
        assertThat(run(atLimitUp("5.50", 3_000_000, t(0)), buy("o1", "A", "5.50", 999_999, t(1))))
                .isEmpty();
        // 30 % of the resting volume: 1,000,000 < 0.3 x 3,333,334
        assertThat(run(atLimitUp("5.50", 3_333_334, t(0)), buy("o1", "A", "5.50", 1_000_000, t(1))))
                .isEmpty();
        assertThat(run(atLimitUp("5.50", 3_333_333, t(0)), buy("o1", "A", "5.50", 1_000_000, t(1))))
                .hasSize(1);
    }

    @Test
    void theGroupsOpenOrdersAtThatPriceAddUpAndACancelOrAFillReducesThem() throws Exception {
        Event q = atLimitUp("5.50", 3_000_000, t(0));
        List<Alert> added = run(q, buy("o1", "A", "5.50", 600_000, t(1)), buy("o2", "A", "5.50", 400_000, t(2)));
        assertThat(added).hasSize(1);
        assertThat(added.get(0).evidence()).containsExactly(q.eventId(), "o1", "o2");
        assertThat(run(
                        q,
                        buy("o1", "A", "5.50", 600_000, t(1)),
                        cancel("A", "oid-o1").at(t(2)).build(),
                        buy("o2", "A", "5.50", 400_000, t(3)),
                        buy("o3", "A", "5.50", 500_000, t(4))))
                .isEmpty(); // 400,000 + 500,000
        assertThat(run(
                        q,
                        buy("o1", "A", "5.50", 600_000, t(1)),
                        trade("A", S, "BUY", "5.50", 1)
                                .with("orderId", "oid-o1")
                                .at(t(2))
                                .build(),
                        buy("o2", "A", "5.50", 400_000, t(3))))
                .isEmpty(); // 599,999 + 400,000
        // an order at another price does not count
        assertThat(run(q, buy("o1", "A", "5.49", 600_000, t(1)), buy("o2", "A", "5.50", 400_000, t(2))))
                .isEmpty();
    }

    @Test
    void pricesCompareAsDecimalsAndSellsAtTheLimitDownUseTheAsk() throws Exception {
        assertThat(run(atLimitUp("5.5", 3_000_000, t(0)), buy("o1", "A", "5.500", 1_000_000, t(1))))
                .hasSize(1);
        Event down = quote(S, "4.50")
                .with("limitUp", "5.50")
                .with("limitDown", "4.50")
                .with("bidVolume", "0")
                .with("askVolume", "3000000")
                .at(t(0))
                .build();
        List<Alert> alerts = run(
                down, order("A", S, "SELL", "4.5", 1_000_000).id("s1").at(t(1)).build());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).metricsJson()).contains("\"side\":\"SELL\"", "\"restingVolume\":3000000");
    }

    @Test
    void onceADayWhicheverSide() throws Exception {
        Event up = atLimitUp("5.50", 3_000_000, t(0));
        Event down = quote(S, "4.50")
                .with("limitUp", "5.50")
                .with("limitDown", "4.50")
                .with("askVolume", "3000000")
                .at(t(2))
                .build();
        assertThat(run(
                        up,
                        buy("o1", "A", "5.50", 1_000_000, t(1)),
                        down,
                        order("A", S, "SELL", "4.50", 1_000_000)
                                .id("s1")
                                .at(t(3))
                                .build()))
                .extracting(a -> a.evidence().get(a.evidence().size() - 1))
                .containsExactly("o1");
    }

    @Test
    void stSecuritiesHaveTheLowerThresholds() throws Exception {
        Event st = security(S, "LOW").withBoolean("st", true).at(t(0)).build();
        Event notSt = security(S, "LOW").withBoolean("st", false).at(t(0)).build();
        Event q = atLimitUp("5.50", 1_000_000, t(0));
        assertThat(run(st, q, buy("o1", "A", "5.50", 500_000, t(1)))).hasSize(1);
        assertThat(run(notSt, q, buy("o1", "A", "5.50", 500_000, t(1)))).isEmpty();
    }

    @Test
    void ordersPlacedInTheGroupCountAfterTheirClientMovesAndTheirLifecycleFollowsThem() throws Exception {
        Event q = atLimitUp("5.50", 3_000_000, t(0));
        List<Event> base = new ArrayList<>(List.of(
                client("A", "STANDARD").with("groupId", "G").at(t(0)).build(),
                client("B", "STANDARD").with("groupId", "G").at(t(0)).build(),
                q,
                buy("o1", "A", "5.50", 600_000, t(1)),
                client("A", "STANDARD").with("groupId", "H").at(t(2)).build()));
        List<Event> counted = new ArrayList<>(base);
        counted.add(buy("o2", "B", "5.50", 400_000, t(3)));
        List<Alert> alerts = run(counted.toArray(Event[]::new));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).clientId()).isEqualTo("B");
        assertThat(alerts.get(0).metricsJson()).contains("\"groupId\":\"G\"", "\"members\":[\"A\",\"B\"]");
        // A cancels o1 while in H: G's open quantity drops to B's 400,000
        List<Event> cancelled = new ArrayList<>(base);
        cancelled.add(cancel("A", "oid-o1").at(t(3)).build());
        cancelled.add(buy("o2", "B", "5.50", 400_000, t(4)));
        assertThat(run(cancelled.toArray(Event[]::new))).isEmpty();
        // ... and A's new orders count in H, not in G
        List<Event> moved = new ArrayList<>(base);
        moved.add(buy("o3", "A", "5.50", 400_000, t(3)));
        assertThat(run(moved.toArray(Event[]::new))).isEmpty();
    }

    @Test
    void aReplacingOrderStartsAfresh() throws Exception {
        Event q = atLimitUp("5.50", 3_000_000, t(0));
        assertThat(run(
                        q,
                        order("A", S, "BUY", "5.50", 600_000)
                                .id("o1")
                                .with("orderId", "same")
                                .at(t(1))
                                .build(),
                        order("A", S, "BUY", "5.50", 300_000)
                                .id("o2")
                                .with("orderId", "same")
                                .at(t(2))
                                .build(),
                        buy("o3", "A", "5.50", 600_000, t(3))))
                .isEmpty(); // 300,000 + 600,000: the replaced 600,000 counts as 0
    }
}
