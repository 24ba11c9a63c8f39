package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.HOUR;
import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Severity;
import io.riskwatch.state.SequenceHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuringRuleTest {
    /** The CEP key of C1's incoming transfers. */
    private static final String C1_IN = "C1|IN";

    /** The client operator emitting transfers and STRUCTURING's CEP operator, as the job wires them. */
    private static SequenceHarness harness() throws Exception {
        return SequenceHarness.of(StructuringRule.DEFINITION);
    }

    @Test
    void eachTransferMustBeInZeroPointEightTToT() throws Exception {
        try (SequenceHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "399999.99")
                                    .id("below")
                                    .at(OPEN)
                                    .build(),
                            transfer("C1", "IN", "500000")
                                    .id("at-T")
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            transfer("C1", "IN", "400000")
                                    .id("q1")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build(),
                            transfer("C1", "IN", "499999.99")
                                    .id("q2")
                                    .at(OPEN.plus(MINUTE.multipliedBy(3)))
                                    .build(),
                            transfer("C1", "OUT", "450000")
                                    .id("other-direction")
                                    .at(OPEN.plus(MINUTE.multipliedBy(4)))
                                    .build(),
                            transfer("C1", "IN", "450000")
                                    .id("q3")
                                    .at(OPEN.plus(MINUTE.multipliedBy(5)))
                                    .build())
                    .end();
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.severity()).isEqualTo(Severity.HIGH);
                assertThat(a.evidence()).containsExactly("q1", "q2", "q3");
                assertThat(a.metricsJson())
                        .contains("\"amounts\":[400000.00,499999.99,450000.00]", "\"window\":\"PT24H\"");
            });
        }
    }

    @Test
    void theWindowIncludesExactly24HoursNotOneMillisecondMore() throws Exception {
        try (SequenceHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "450000").id("a1").at(OPEN).build(),
                            transfer("C1", "IN", "450000")
                                    .id("a2")
                                    .at(OPEN.plus(HOUR.multipliedBy(12)))
                                    .build(),
                            transfer("C1", "IN", "450000")
                                    .id("a3")
                                    .at(OPEN.plus(HOUR.multipliedBy(24)))
                                    .build(),
                            transfer("C2", "IN", "450000").id("b1").at(OPEN).build(),
                            transfer("C2", "IN", "450000")
                                    .id("b2")
                                    .at(OPEN.plus(HOUR.multipliedBy(12)))
                                    .build(),
                            transfer("C2", "IN", "450000")
                                    .id("b3")
                                    .at(OPEN.plus(HOUR.multipliedBy(24)).plus(MS))
                                    .build(),
                            transfer("C2", "IN", "450000")
                                    .id("b4")
                                    .at(OPEN.plus(HOUR.multipliedBy(30)))
                                    .build())
                    .end();
            assertThat(h.alerts())
                    .extracting(Alert::evidence)
                    .containsExactlyInAnyOrder(List.of("a1", "a2", "a3"), List.of("b2", "b3", "b4"));
        }
    }

    @Test
    void matchedTransfersAreUsedUp() throws Exception {
        try (SequenceHarness h = harness()) {
            for (int i = 1; i <= 7; i++) {
                h.send(transfer("C1", "OUT", "450000")
                        .id("t" + i)
                        .at(OPEN.plus(MINUTE.multipliedBy(i)))
                        .build());
            }
            h.end();
            assertThat(h.alerts())
                    .extracting(Alert::evidence)
                    .containsExactly(List.of("t1", "t2", "t3"), List.of("t4", "t5", "t6"));
        }
    }

    @Test
    void eachTransferQualifiesWithTheTierAtItsOwnTime() throws Exception {
        try (SequenceHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "450000").id("s1").at(OPEN).build(), // STANDARD: qualifies
                            transfer("C1", "IN", "450000")
                                    .id("s2")
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            client("C1", "HNW")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build(),
                            transfer("C1", "IN", "450000")
                                    .id("h-small")
                                    .at(OPEN.plus(MINUTE.multipliedBy(3)))
                                    .build(), // HNW: no
                            transfer("C1", "IN", "1700000")
                                    .id("h1")
                                    .at(OPEN.plus(MINUTE.multipliedBy(4)))
                                    .build()) // HNW: yes
                    .end();
            assertThat(h.alerts()).extracting(Alert::evidence).containsExactly(List.of("s1", "s2", "h1"));
        }
    }

    @Test
    void duplicatesDoNotCount() throws Exception {
        try (SequenceHarness h = harness()) {
            h.send(
                            transfer("C1", "IN", "450000").id("a").at(OPEN).build(),
                            transfer("C1", "IN", "450000")
                                    .id("a")
                                    .at(OPEN.plus(MINUTE))
                                    .source("copy:1")
                                    .build(),
                            transfer("C1", "IN", "450000")
                                    .id("b")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build())
                    .end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void unusedTransfersLeaveTheStateWhenTheirWindowHasPassed() throws Exception {
        try (SequenceHarness h = harness()) {
            h.send(
                    transfer("C1", "IN", "450000").id("a").at(OPEN).build(),
                    transfer("C1", "IN", "450000").id("b").at(OPEN.plus(HOUR)).build());
            h.watermark(OPEN.plus(HOUR).toEpochMilli());
            assertThat(h.holdsState(C1_IN)).isTrue();
            h.watermark(OPEN.plus(HOUR.multipliedBy(25)).toEpochMilli()); // a has left the window, b has not
            assertThat(h.holdsState(C1_IN)).isTrue();
            h.watermark(OPEN.plus(HOUR.multipliedBy(25)).toEpochMilli() + 1);
            assertThat(h.holdsState(C1_IN)).isFalse();
        }
    }
}
