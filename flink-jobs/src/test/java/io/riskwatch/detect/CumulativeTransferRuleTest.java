package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Severity;
import io.riskwatch.state.ClientHarness;
import java.time.Instant;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class CumulativeTransferRuleTest {
    private static final String STATE = "cumulative-transfer-flows";
    /** Midnight in Shanghai between 2026-11-20 and 2026-11-21. */
    private static final Instant MIDNIGHT = Instant.parse("2026-11-20T16:00:00Z");

    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(CumulativeTransferRule.DEFINITION);
    }

    @Test
    void firesAtTheTransferThatReachesTheDailySumOncePerDirectionAndDay() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "600000").id("a").at(OPEN).build(),
                            transfer("C1", "IN", "399999.99")
                                    .id("b")
                                    .at(OPEN.plus(MINUTE))
                                    .build(), // 999,999.99: below
                            transfer("C1", "IN", "0.01")
                                    .id("c")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build(), // exactly 1,000,000
                            transfer("C1", "IN", "5000000")
                                    .id("d")
                                    .at(OPEN.plus(MINUTE.multipliedBy(3)))
                                    .build(), // same day: no more
                            transfer("C1", "OUT", "999999.99")
                                    .id("e")
                                    .at(OPEN.plus(MINUTE.multipliedBy(4)))
                                    .build()) // other direction
                    .end();
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.rule()).isEqualTo("CUMULATIVE_TRANSFER");
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(a.evidence()).containsExactly("a", "b", "c");
                assertThat(a.metricsJson())
                        .contains(
                                "\"sum\":1000000.00",
                                "\"threshold\":1000000.00",
                                "\"tradingDay\":\"2026-11-20\"",
                                "\"amounts\":[600000.00,399999.99,0.01]");
            });
        }
    }

    @Test
    void theTradingDayEndsAtMidnightInShanghai() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "OUT", "600000")
                                    .id("late")
                                    .at(MIDNIGHT.minus(MS))
                                    .build(),
                            transfer("C1", "OUT", "600000")
                                    .id("early")
                                    .at(MIDNIGHT)
                                    .build())
                    .end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void usesTheTierInForceAtTheTransferThatReachesTheSum() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "900000").id("a").at(OPEN).build(),
                            client("C1", "HNW").at(OPEN.plus(MINUTE)).build(),
                            transfer("C1", "IN", "200000")
                                    .id("b")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build(), // 1.1M < 5M
                            client("C2", "HNW").at(OPEN).build(),
                            transfer("C2", "IN", "4000000")
                                    .id("x")
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            client("C2", "STANDARD")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build(),
                            transfer("C2", "IN", "1")
                                    .id("y")
                                    .at(OPEN.plus(MINUTE.multipliedBy(3)))
                                    .build()) // STANDARD now: 1M
                    .end();
            assertThat(h.alerts())
                    .extracting(
                            Alert::clientId, a -> a.evidence().get(a.evidence().size() - 1))
                    .containsExactly(Tuple.tuple("C2", "y"));
        }
    }

    @Test
    void duplicatesDoNotCount() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "600000").id("a").at(OPEN).build(),
                            transfer("C1", "IN", "600000")
                                    .id("a")
                                    .at(OPEN.plus(MINUTE))
                                    .source("copy:2")
                                    .build())
                    .end();
            assertThat(h.alerts()).isEmpty();
            assertThat(h.deadLetters()).hasSize(1);
        }
    }

    @Test
    void theDaysStateIsGoneAtTheStartOfTheNextDay() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(transfer("C1", "IN", "1").at(OPEN).build());
            h.watermark(OPEN.toEpochMilli());
            assertThat(h.keysWithState(STATE)).isEqualTo(1);
            h.watermark(MIDNIGHT.toEpochMilli() - 1);
            assertThat(h.keysWithState(STATE)).isEqualTo(1);
            h.watermark(MIDNIGHT.toEpochMilli());
            assertThat(h.keysWithState(STATE)).isZero();
            h.watermark(OPEN.plus(DAY.multipliedBy(9)).toEpochMilli());
            assertThat(h.timers()).isZero();
        }
    }
}
