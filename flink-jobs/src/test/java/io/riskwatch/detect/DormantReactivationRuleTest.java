package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.cancel;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.iso;
import static io.riskwatch.testing.TestEvents.order;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.state.ClientHarness;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DormantReactivationRuleTest {
    private static final Instant BEFORE = OPEN.minus(DAY.multipliedBy(180));

    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(DormantReactivationRule.DEFINITION);
    }

    @Test
    void firesAtExactly180DaysNotOneMillisecondSooner() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "10").at(BEFORE).build(),
                            transfer("C1", "IN", "50000").id("at").at(OPEN).build(),
                            transfer("C2", "IN", "10").at(BEFORE.plus(MS)).build(),
                            transfer("C2", "IN", "50000").id("sooner").at(OPEN).build())
                    .end();
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.clientId()).isEqualTo("C1");
                assertThat(a.evidence()).containsExactly("at");
                assertThat(a.metricsJson())
                        .contains(
                                "\"idleDays\":180",
                                "\"previousActivityFrom\":\"activity\"",
                                "\"dormancy\":\"PT4320H\"");
            });
        }
    }

    @Test
    void theAmountMustReachTheMinimum() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C1", "OUT", "10").at(BEFORE).build(),
                            transfer("C1", "OUT", "49999.99")
                                    .id("small")
                                    .at(OPEN)
                                    .build(),
                            transfer("C2", "OUT", "10").at(BEFORE).build(),
                            transfer("C2", "OUT", "50000").id("big").at(OPEN).build())
                    .end();
            assertThat(h.alerts()).extracting(Alert::clientId).containsExactly("C2");
        }
    }

    @Test
    void withoutAnyActivityTheClientRecordsLastActivityAtCountsElseNever() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            client("C1", null)
                                    .with("lastActivityAt", iso(BEFORE))
                                    .at(OPEN.minus(DAY))
                                    .build(),
                            transfer("C1", "IN", "60000")
                                    .id("from-record")
                                    .at(OPEN)
                                    .build(),
                            transfer("C2", "IN", "60000").id("unknown").at(OPEN).build())
                    .end();
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.evidence()).containsExactly("from-record");
                assertThat(a.metricsJson()).contains("\"previousActivityFrom\":\"lastActivityAt\"");
            });
        }
    }

    @Test
    void realActivityWinsOverTheRecordAndCancelsAreNotActivity() throws Exception {
        try (ClientHarness h = harness()) {
            // C1: an order 10 days ago beats an old lastActivityAt; C2: only a cancel since the old order
            h.send(
                            client("C1", null)
                                    .with("lastActivityAt", iso(BEFORE.minus(DAY)))
                                    .at(BEFORE.minus(DAY))
                                    .build(),
                            order("C1", "S", "BUY", "1", 100)
                                    .at(OPEN.minus(DAY.multipliedBy(10)))
                                    .build(),
                            transfer("C1", "IN", "60000").at(OPEN).build(),
                            order("C2", "S", "BUY", "1", 100)
                                    .id("old-order")
                                    .at(BEFORE)
                                    .build(),
                            cancel("C2", "X").at(OPEN.minus(DAY)).build(),
                            transfer("C2", "IN", "60000").id("c2").at(OPEN).build())
                    .end();
            assertThat(h.alerts()).extracting(Alert::clientId).containsExactly("C2");
        }
    }

    @Test
    void ownsNoStateOfItsOwn() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                    transfer("C1", "IN", "10").at(BEFORE).build(),
                    transfer("C1", "IN", "60000").at(OPEN).build());
            h.watermark(OPEN.plus(DAY.multipliedBy(8)).toEpochMilli());
            assertThat(h.keyedStateEntries()).isEqualTo(1); // only the client's book
            assertThat(h.timers()).isZero();
        }
    }
}
