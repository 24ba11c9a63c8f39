package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.cash;
import static io.riskwatch.testing.TestEvents.position;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.state.ClientHarness;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConcentrationRuleTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-11-20T16:00:00Z");

    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(ConcentrationRule.DEFINITION);
    }

    @Test
    void fiftyPercentExactlyWithTheHoldingValuedAtTheLatestQuoteNotTheTradePrice() throws Exception {
        try (ClientHarness h = harness()) {
            // quote 10.00; BUY 10,000 at 9.00: cash 190,000 -> 100,000, holding 100,000 at the quote = 50 %.
            // At the trade price it would be 90,000: under the 100,000 minimum.
            h.send(
                            quote("S", "10.00").id("q").at(OPEN).build(),
                            cash("C1", "190000").at(OPEN).build(),
                            trade("C1", "S", "BUY", "9.00", 10_000)
                                    .id("buy")
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            // C2: one cent more cash, so the share stays just below 50 %
                            cash("C2", "190000.01").at(OPEN).build(),
                            trade("C2", "S", "BUY", "9.00", 10_000)
                                    .at(OPEN.plus(MINUTE))
                                    .build())
                    .end();
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.clientId()).isEqualTo("C1");
                assertThat(a.evidence()).containsExactly("q", "buy");
                assertThat(a.metricsJson())
                        .contains(
                                "\"holdingValue\":100000.00",
                                "\"totalAssets\":200000.00",
                                "\"share\":0.500000",
                                "\"valuationSource\":\"quote q\"");
            });
        }
    }

    @Test
    void withoutAQuoteTheHoldingIsValuedAtAvgCostAndTheMinimumValueApplies() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            cash("C1", "0").at(OPEN).build(),
                            trade("C1", "S", "BUY", "9.9999999", 10_000)
                                    .at(OPEN.plus(MINUTE))
                                    .build(), // 99,999.999
                            cash("C2", "0").at(OPEN).build(),
                            trade("C2", "S", "BUY", "10", 10_000)
                                    .at(OPEN.plus(MINUTE))
                                    .build()) // total assets 0: never
                    .end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void onlyAfterBuysAndOncePerSymbolAndDay() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            cash("C1", "1000000").at(OPEN).build(),
                            position("C1", "S", 100_000, "10").at(OPEN).build(),
                            trade("C1", "S", "SELL", "10", 1)
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            trade("C1", "S", "BUY", "10", 1)
                                    .id("first")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build(),
                            trade("C1", "S", "BUY", "10", 1)
                                    .at(OPEN.plus(MINUTE.multipliedBy(3)))
                                    .build(),
                            trade("C1", "S", "BUY", "10", 1)
                                    .id("next-day")
                                    .at(OPEN.plus(DAY))
                                    .build())
                    .end();
            assertThat(h.alerts())
                    .extracting(a -> a.evidence().get(a.evidence().size() - 1))
                    .containsExactly("first", "next-day");
        }
    }

    @Test
    void negativeTotalAssetsNeverFire() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            cash("C1", "-2000000").at(OPEN).build(),
                            trade("C1", "S", "BUY", "10", 100_000)
                                    .at(OPEN.plus(MINUTE))
                                    .build())
                    .end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void theFiredMarkIsGoneAtTheNextDaysStart() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                    cash("C1", "1000000").at(OPEN).build(),
                    trade("C1", "S", "BUY", "10", 100_000).at(OPEN).build());
            h.watermark(MIDNIGHT.toEpochMilli() - 1);
            assertThat(h.alerts()).extracting(Alert::clientId).containsExactly("C1");
            assertThat(h.keysWithState(ConcentrationRule.STATE)).isEqualTo(1);
            h.watermark(MIDNIGHT.toEpochMilli());
            assertThat(h.keysWithState(ConcentrationRule.STATE)).isZero();
        }
    }
}
