package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.order;
import static io.riskwatch.testing.TestEvents.security;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.state.ClientHarness;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuitabilityMismatchRuleTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-11-20T16:00:00Z");

    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(SuitabilityMismatchRule.DEFINITION);
    }

    @ParameterizedTest(name = "{0} buying {1}: alert {2}")
    @CsvSource({
        "CONSERVATIVE, LOW, false", "CONSERVATIVE, MEDIUM, true", "CONSERVATIVE, HIGH, true",
        "BALANCED, MEDIUM, false", "BALANCED, HIGH, true", "AGGRESSIVE, HIGH, false"
    })
    void aBuyAboveWhatTheProfileAllows(String profile, String level, boolean alert) throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            client("C1", null)
                                    .with("riskProfile", profile)
                                    .at(OPEN)
                                    .build(),
                            security("S", level).id("sec").at(OPEN).build(),
                            order("C1", "S", "BUY", "10", 100)
                                    .id("o")
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            order("C1", "S", "SELL", "10", 100)
                                    .at(OPEN.plus(MINUTE))
                                    .build())
                    .end();
            if (alert) {
                assertThat(h.alerts()).singleElement().satisfies(a -> {
                    assertThat(a.evidence()).containsExactly("sec", "o");
                    assertThat(a.metricsJson())
                            .contains("\"riskProfile\":\"" + profile + "\"", "\"riskLevel\":\"" + level + "\"");
                });
            } else {
                assertThat(h.alerts()).isEmpty();
            }
        }
    }

    @Test
    void anUnknownProfileOrRiskLevelNeverFires() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            client("C1", null).at(OPEN).build(), // no riskProfile
                            security("HIGH1", "HIGH").at(OPEN).build(),
                            order("C1", "HIGH1", "BUY", "10", 100)
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            order("C9", "HIGH1", "BUY", "10", 100)
                                    .at(OPEN.plus(MINUTE))
                                    .build(), // no client record
                            client("C2", null)
                                    .with("riskProfile", "CONSERVATIVE")
                                    .at(OPEN)
                                    .build(),
                            security("UNRATED", null).at(OPEN).build(),
                            order("C2", "UNRATED", "BUY", "10", 100)
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            order("C2", "NEVER-SEEN", "BUY", "10", 100)
                                    .at(OPEN.plus(MINUTE))
                                    .build())
                    .end();
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void theRiskLevelInForceAtTheOrderCountsNotOneSetOneMillisecondLater() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            client("C1", null)
                                    .with("riskProfile", "CONSERVATIVE")
                                    .at(OPEN)
                                    .build(),
                            security("S", "LOW").at(OPEN).build(),
                            security("S", "HIGH")
                                    .id("raised")
                                    .at(OPEN.plus(MINUTE).plus(MS))
                                    .build(),
                            order("C1", "S", "BUY", "10", 100)
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            order("C1", "S", "BUY", "10", 100)
                                    .id("after")
                                    .at(OPEN.plus(MINUTE).plus(MS))
                                    .build())
                    .end();
            assertThat(h.alerts()).extracting(Alert::evidence).containsExactly(List.of("raised", "after"));
        }
    }

    @Test
    void oncePerSymbolAndDayAndTheMarkIsGoneAtTheNextDaysStart() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                    client("C1", null)
                            .with("riskProfile", "CONSERVATIVE")
                            .at(OPEN)
                            .build(),
                    security("S", "HIGH").at(OPEN).build(),
                    order("C1", "S", "BUY", "10", 100).at(OPEN.plus(MINUTE)).build(),
                    order("C1", "S", "BUY", "10", 100)
                            .at(OPEN.plus(MINUTE.multipliedBy(2)))
                            .build());
            h.watermark(MIDNIGHT.toEpochMilli() - 1);
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.keysWithState(SuitabilityMismatchRule.STATE)).isEqualTo(1);
            h.watermark(MIDNIGHT.toEpochMilli());
            assertThat(h.keysWithState(SuitabilityMismatchRule.STATE)).isZero();
        }
    }
}
