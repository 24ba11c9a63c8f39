package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.order;
import static io.riskwatch.testing.TestEvents.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Severity;
import io.riskwatch.state.ClientHarness;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceDeviationRuleTest {
    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(PriceDeviationRule.DEFINITION);
    }

    @ParameterizedTest(name = "{0} at {1} against 100: {2}")
    @CsvSource({
        "BUY, 104.99, NONE", "BUY, 105, MEDIUM", "BUY, 119.99, MEDIUM", "BUY, 120, HIGH", "BUY, 80, NONE",
        "SELL, 95.01, NONE", "SELL, 95, MEDIUM", "SELL, 80.01, MEDIUM", "SELL, 80, HIGH", "SELL, 120, NONE",
        "SELL, 1, HIGH"
    })
    void severityAtFiveAndTwentyPercentOnBothSides(String side, String price, String expected) throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            quote("113050.SH", "100").id("q").at(OPEN).build(),
                            order("C1", "113050.SH", side, price, 10)
                                    .id("o")
                                    .at(OPEN.plusSeconds(1))
                                    .build())
                    .end();
            if (expected.equals("NONE")) {
                assertThat(h.alerts()).isEmpty();
            } else {
                assertThat(h.alerts()).singleElement().satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Severity.valueOf(expected));
                    assertThat(a.evidence()).containsExactly("q", "o");
                    assertThat(a.symbol()).isEqualTo("113050.SH");
                    assertThat(a.metricsJson()).contains("\"referencePrice\":100", "\"referenceQuote\":\"q\"");
                });
            }
        }
    }

    @Test
    void aQuoteOneMillisecondAfterTheOrderIsNotItsReference() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            quote("S", "100").id("q-before").at(OPEN).build(),
                            quote("S", "50").id("q-after").at(OPEN.plus(MS)).build(),
                            order("C1", "S", "BUY", "105", 1)
                                    .id("o1")
                                    .at(OPEN)
                                    .build(), // same ts: the quote ranks first
                            order("C2", "S", "BUY", "105", 1)
                                    .id("o2")
                                    .at(OPEN.minus(MS))
                                    .build()) // no quote yet
                    .end();
            assertThat(h.alerts()).extracting(Alert::evidence).containsExactly(List.of("q-before", "o1"));
        }
    }

    @Test
    void ownsNoState() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                    quote("S", "100").at(OPEN).build(),
                    order("C1", "S", "BUY", "150", 1).at(OPEN).build());
            h.watermark(OPEN.plus(DAY.multipliedBy(8)).toEpochMilli());
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.keyedStateEntries()).isEqualTo(1);
            assertThat(h.timers()).isZero();
        }
    }
}
