package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.HOUR;
import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.trade;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.state.ClientHarness;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RapidInOutRuleTest {
    private static final String STATE = "rapid-in-out-open";

    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(RapidInOutRule.DEFINITION);
    }

    private static Instant at(int minutes) {
        return OPEN.plus(MINUTE.multipliedBy(minutes));
    }

    @Test
    void firesAtTheOutThatReachesEightyPercent() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "100000").id("in").at(at(0)).build(),
                            transfer("C1", "OUT", "50000").id("o1").at(at(10)).build(),
                            transfer("C1", "OUT", "29999.99")
                                    .id("o2")
                                    .at(at(20))
                                    .build(), // 79,999.99
                            transfer("C1", "OUT", "0.01").id("o3").at(at(30)).build()) // exactly 80,000
                    .end();
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.evidence()).containsExactly("in", "o1", "o2", "o3");
                assertThat(a.ts()).isEqualTo(AlertFactory.formatTs(at(30).toEpochMilli(), ZoneId.of("Asia/Shanghai")));
                assertThat(a.metricsJson())
                        .contains(
                                "\"inAmount\":100000.00",
                                "\"outSum\":80000.00",
                                "\"outRequired\":80000.00",
                                "\"tradedNotional\":0.00");
            });
        }
    }

    @Test
    void anInBelowTheMinimumIsNotTracked() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "99999.99").at(at(0)).build(),
                            transfer("C1", "OUT", "99999.99").at(at(1)).build())
                    .end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void tradingOfTwentyPercentOrMoreInBetweenClosesTheInWithoutAnAlert() throws Exception {
        try (ClientHarness h = harness()) {
            // C1 trades 19,999.99 (fires); C2 exactly 20,000 (does not)
            h.send(
                            transfer("C1", "IN", "100000").id("in1").at(at(0)).build(),
                            trade("C1", "600519.SH", "BUY", "9999.995", 2)
                                    .at(at(1))
                                    .build(),
                            transfer("C1", "OUT", "80000").id("out1").at(at(2)).build(),
                            transfer("C2", "IN", "100000").id("in2").at(at(0)).build(),
                            trade("C2", "600519.SH", "BUY", "100", 100)
                                    .at(at(1))
                                    .build(),
                            trade("C2", "600519.SH", "SELL", "100", 100)
                                    .at(at(1))
                                    .build(),
                            transfer("C2", "OUT", "80000").id("out2").at(at(2)).build(),
                            transfer("C2", "OUT", "80000")
                                    .id("out3")
                                    .at(at(3))
                                    .build()) // in2 already closed: once per IN
                    .end();
            assertThat(h.alerts()).extracting(Alert::clientId).containsExactly("C1");
            assertThat(h.alerts().get(0).metricsJson()).contains("\"tradedNotional\":19999.990", "\"trades\":1");
        }
    }

    @Test
    void tradesAtTheInstantOfTheClosingOutComeAfterItAndDoNotCount() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "100000").id("in").at(at(0)).build(),
                            trade("C1", "S", "BUY", "1000", 50).at(at(5)).build(), // 50,000 traded at the OUT's ts
                            transfer("C1", "OUT", "80000").id("out").at(at(5)).build())
                    .end();
            assertThat(h.alerts()).hasSize(1);
        }
    }

    @Test
    void theWindowIncludesExactly48HoursNotOneMillisecondMore() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "100000").id("in1").at(at(0)).build(),
                            transfer("C1", "OUT", "80000")
                                    .id("out1")
                                    .at(at(0).plus(HOUR.multipliedBy(48)))
                                    .build(),
                            transfer("C2", "IN", "100000").id("in2").at(at(0)).build(),
                            transfer("C2", "OUT", "80000")
                                    .id("out2")
                                    .at(at(0).plus(HOUR.multipliedBy(48)).plus(MS))
                                    .build())
                    .end();
            assertThat(h.alerts()).extracting(Alert::clientId).containsExactly("C1");
        }
    }

    @Test
    void oneOutClosesTwoInsWithTwoAlertsOfTheirOwn() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "100000").id("in-a").at(at(0)).build(),
                            transfer("C1", "IN", "200000").id("in-b").at(at(10)).build(),
                            transfer("C1", "OUT", "160000").id("out").at(at(20)).build())
                    .end();
            assertThat(h.alerts())
                    .extracting(Alert::evidence)
                    .containsExactly(List.of("in-a", "out"), List.of("in-b", "out"));
            assertThat(h.alerts().get(0).alertId())
                    .isNotEqualTo(h.alerts().get(1).alertId());
        }
    }

    @Test
    void anOutCountsTowardsEveryOpenInAndAnInIsClosedOnce() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "100000").id("in-a").at(at(0)).build(),
                            transfer("C1", "OUT", "50000").id("o1").at(at(5)).build(),
                            transfer("C1", "IN", "100000").id("in-b").at(at(10)).build(),
                            transfer("C1", "OUT", "50000").id("o2").at(at(15)).build(), // closes in-a (100,000 out)
                            transfer("C1", "OUT", "30000").id("o3").at(at(20)).build()) // closes in-b (80,000 out)
                    .end();
            assertThat(h.alerts())
                    .extracting(Alert::evidence)
                    .containsExactly(List.of("in-a", "o1", "o2"), List.of("in-b", "o2", "o3"));
        }
    }

    @Test
    void aDuplicatedOutCountsOnce() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "100000").id("in").at(at(0)).build(),
                            transfer("C1", "OUT", "40000").id("o1").at(at(1)).build(),
                            transfer("C1", "OUT", "40000")
                                    .id("o1")
                                    .at(at(2))
                                    .source("resent:1")
                                    .build())
                    .end();
            assertThat(h.alerts()).isEmpty();
            assertThat(h.deadLetters()).extracting(d -> d.reason()).containsExactly("duplicate_event");
        }
    }

    @Test
    void openInsLeaveTheStateWhenTheirWindowHasPassed() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(transfer("C1", "IN", "100000").at(at(0)).build());
            long deadline = at(0).plus(HOUR.multipliedBy(48)).toEpochMilli();
            h.watermark(deadline);
            assertThat(h.keysWithState(STATE)).isEqualTo(1);
            h.watermark(deadline + 1);
            assertThat(h.keysWithState(STATE)).isZero();
        }
    }

    @Test
    void aClosedInLeavesNoState() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                    transfer("C1", "IN", "100000").at(at(0)).build(),
                    transfer("C1", "OUT", "90000").at(at(1)).build());
            h.watermark(at(1).toEpochMilli());
            assertThat(h.keysWithState(STATE)).isZero();
        }
    }
}
