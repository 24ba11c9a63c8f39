package io.riskwatch.state;

import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.cancel;
import static io.riskwatch.testing.TestEvents.cash;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.order;
import static io.riskwatch.testing.TestEvents.position;
import static io.riskwatch.testing.TestEvents.trade;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.RiskProfile;
import io.riskwatch.model.Tier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-client bookkeeping of contract section 2, on its own. */
class ClientBookTest {
    private final ClientBook book = new ClientBook();

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void noClientRecordMeansStandardTierAndUnknownProfile() {
        assertThat(book.tierOrDefault()).isEqualTo(Tier.STANDARD);
        book.apply(client("C1", "HNW")
                .with("riskProfile", "AGGRESSIVE")
                .with("brokerId", "B1")
                .build());
        assertThat(book.tierOrDefault()).isEqualTo(Tier.HNW);
        // a new record replaces the old one whole: absent tier is STANDARD, absent profile unknown
        book.apply(client("C1", null).build());
        assertThat(book.tierOrDefault()).isEqualTo(Tier.STANDARD);
        assertThat(book.riskProfile).isNull();
        assertThat(book.brokerId).isNull();
    }

    @Test
    void theGroupInForceIsTheLatestRecordsGroupIdElseTheClientItself() {
        ClientView view = new ClientView(ZoneId.of("Asia/Shanghai"));
        assertThat(view.at("C1", book, null, null).groupId())
                .as("no record: its own group")
                .isEqualTo("C1");
        book.apply(client("C1", null).with("groupId", "G7").build());
        assertThat(view.at("C1", book, null, null).groupId()).isEqualTo("G7");
        // a record without groupId replaces the old one whole: the client is on its own again
        book.apply(client("C1", null).build());
        assertThat(view.at("C1", book, null, null).groupId()).isEqualTo("C1");
        // a groupId that is another client's id joins that client's group
        book.apply(client("C1", null).with("groupId", "C2").build());
        assertThat(view.at("C1", book, null, null).groupId()).isEqualTo("C2");
    }

    @Test
    void cashStartsAtZeroAndMovesWithTransfersAndTrades() {
        assertThat(book.cash).isEqualByComparingTo("0");
        book.apply(transfer("C1", "IN", "1000").build());
        book.apply(transfer("C1", "OUT", "250.50").build());
        assertThat(book.cash).isEqualByComparingTo("749.50");
        book.apply(cash("C1", "10000").build());
        assertThat(book.cash).isEqualByComparingTo("10000");
        book.apply(trade("C1", "600519.SH", "BUY", "10.00", 100)
                .withNumber("fee", "5")
                .build());
        assertThat(book.cash).isEqualByComparingTo("8995"); // 10000 - 1000 - 5
        book.apply(trade("C1", "600519.SH", "SELL", "12.00", 40)
                .withNumber("fee", "1.2")
                .build());
        assertThat(book.cash).isEqualByComparingTo("9473.8"); // + 480 - 1.2
        assertThat(book.quantityOf("600519.SH")).isEqualTo(60);
    }

    @Test
    void buysMoveAvgCostAsAWeightedAverageSellsDoNot() {
        book.apply(position("C1", "S", 100, "10").build());
        book.apply(trade("C1", "S", "BUY", "13", 200).build());
        assertThat(book.avgCostOf("S")).isEqualByComparingTo("12"); // (1000 + 2600) / 300
        book.apply(trade("C1", "S", "SELL", "20", 150).build());
        assertThat(book.avgCostOf("S")).isEqualByComparingTo("12");
        assertThat(book.quantityOf("S")).isEqualTo(150);
    }

    @Test
    void aSnapshotReplacesTheHoldingAndQuantityZeroIsNoHolding() {
        book.apply(trade("C1", "S", "BUY", "10", 100).build());
        book.apply(position("C1", "S", 500, null).build());
        assertThat(book.quantityOf("S")).isEqualTo(500);
        assertThat(book.avgCostOf("S")).isEqualByComparingTo("0");
        book.apply(position("C1", "S", 0, "3").build());
        assertThat(book.avgCostOf("S")).isNull();
        assertThat(book.holdingCount()).isZero();
        book.apply(trade("C1", "T", "SELL", "10", 5).build());
        assertThat(book.quantityOf("T")).isEqualTo(-5);
        book.apply(trade("C1", "T", "BUY", "11", 5).build());
        assertThat(book.avgCostOf("T")).isNull();
        assertThat(book.holdingCount()).isZero();
    }

    @Test
    void closingAHoldingBetweenOthersKeepsTheirQuantitiesAndCosts() {
        book.apply(position("C1", "A", 100, "10").build());
        book.apply(position("C1", "B", 200, "20").build());
        book.apply(position("C1", "C", 300, "30").build());
        book.apply(trade("C1", "B", "SELL", "21", 200).build());
        assertThat(book.holdingCount()).isEqualTo(2);
        assertThat(book.quantityOf("A")).isEqualTo(100);
        assertThat(book.avgCostOf("A")).isEqualByComparingTo("10");
        assertThat(book.quantityOf("C")).isEqualTo(300);
        assertThat(book.avgCostOf("C")).isEqualByComparingTo("30");
        book.apply(trade("C1", "B", "BUY", "22", 10).build());
        assertThat(book.avgCostOf("B")).isEqualByComparingTo("22"); // from flat: the trade's price
        assertThat(book.totalAssets(PriceLookup.NONE))
                .isEqualByComparingTo("14200"); // cash 4200 - 220, holdings 1000 + 9000 + 220
    }

    @Test
    void valuationUsesTheLatestQuoteElseAvgCost() {
        book.apply(cash("C1", "1000").build());
        book.apply(position("C1", "A", 100, "10").build());
        book.apply(position("C1", "B", 10, "50").build());
        PriceLookup quotes = PriceLookup.of(Map.of("A", d("12.5")));
        assertThat(book.holdingValue("A", quotes)).isEqualByComparingTo("1250");
        assertThat(book.holdingValue("B", quotes)).isEqualByComparingTo("500"); // no quote: avgCost
        assertThat(book.holdingValue("C", quotes)).isEqualByComparingTo("0");
        assertThat(book.totalAssets(quotes)).isEqualByComparingTo("2750");
        assertThat(book.totalAssets(PriceLookup.NONE)).isEqualByComparingTo("2500");
    }

    @Test
    void activityIsTransfersOrdersAndTradesNotCancelsOrReferenceData() {
        long t0 = OPEN.toEpochMilli();
        book.apply(client("C1", "HNW")
                .with("lastActivityAt", "2026-01-01T00:00:00+08:00")
                .build());
        assertThat(book.lastActivityTs).isEqualTo(ClientBook.NONE);
        assertThat(book.recordLastActivityAt)
                .isEqualTo(Instant.parse("2025-12-31T16:00:00Z").toEpochMilli());
        book.apply(transfer("C1", "IN", "1").at(OPEN).build());
        book.apply(cancel("C1", "O1").at(OPEN.plus(MINUTE)).build());
        book.apply(cash("C1", "5").at(OPEN.plus(MINUTE)).build());
        assertThat(book.lastActivityTs).isEqualTo(t0);
        book.apply(order("C1", "S", "BUY", "1", 1)
                .at(OPEN.plus(MINUTE.multipliedBy(2)))
                .build());
        assertThat(book.previousActivityTs).isEqualTo(t0);
        assertThat(book.lastActivityTs).isEqualTo(t0 + 120_000);
        assertThat(book.riskProfile).isNull();
        book.apply(client("C1", null).with("riskProfile", "CONSERVATIVE").build());
        assertThat(book.riskProfile).isEqualTo(RiskProfile.CONSERVATIVE);
    }

    @Test
    void aWakeUpRemembersWhichRulesAskedForIt() {
        ClientBook book = new ClientBook();
        long a = ClientView.ruleBit("ORDER_RATE");
        long b = ClientView.ruleBit("FREQUENT_CANCELS");
        assertThat(a).isNotEqualTo(b);
        assertThat(book.addWakeUp(2_000, a)).isTrue(); // a new instant: the caller registers a timer
        assertThat(book.addWakeUp(1_000, b)).isTrue();
        assertThat(book.addWakeUp(2_000, b)).isFalse(); // same instant: no second timer, both rules asked
        assertThat(book.addWakeUp(3_000, a)).isTrue();

        assertThat(book.takeWakeUpsUpTo(999)).isZero();
        assertThat(book.takeWakeUpsUpTo(1_000)).isEqualTo(b);
        assertThat(book.takeWakeUpsUpTo(1_000)).isZero(); // taken
        assertThat(book.takeWakeUpsUpTo(2_999)).isEqualTo(a | b);
        assertThat(book.takeWakeUpsUpTo(5_000)).isEqualTo(a);
        assertThat(book.wakeUps).isEmpty();
        assertThat(book.wakeUpRules).isEmpty();
    }

    @Test
    void aBookRestoredWithoutTheRulesOfItsWakeUpsWakesEveryRuleUntilTheyAreAllTaken() {
        ClientBook book = new ClientBook();
        book.wakeUps = new long[] {1_000, 2_000}; // as a build before 2026-12-06 stored it
        long a = ClientView.ruleBit("ORDER_RATE");
        assertThat(book.addWakeUp(3_000, a)).isTrue();
        assertThat(book.addWakeUp(2_000, a)).isFalse();

        assertThat(book.takeWakeUpsUpTo(1_000)).isEqualTo(-1L);
        assertThat(book.takeWakeUpsUpTo(3_000)).isEqualTo(-1L);
        assertThat(book.addWakeUp(4_000, a)).isTrue(); // all taken: the rules are known again
        assertThat(book.takeWakeUpsUpTo(4_000)).isEqualTo(a);
    }
}
