package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.cash;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.position;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.state.ClientHarness;
import org.junit.jupiter.api.Test;

/** The client view an alert carries to Redis: the profile and the book as the rule saw them. */
class ClientSnapshotTest {
    @Test
    void theViewHoldsTheProfileCashAndEachPositionValuedAsTheRuleValuedIt() throws Exception {
        try (ClientHarness h = ClientHarness.of(ConcentrationRule.DEFINITION)) {
            // quote 10.00 for S; T held at avgCost 5 (no quote): 100 x 5 = 500
            h.send(
                            client("C1", "HNW")
                                    .with("riskProfile", "BALANCED")
                                    .with("brokerId", "B7")
                                    .with("groupId", "G1")
                                    .at(OPEN)
                                    .build(),
                            quote("S", "10.00").at(OPEN).build(),
                            cash("C1", "190000").at(OPEN).build(),
                            position("C1", "T", 100, "5").at(OPEN).build(),
                            trade("C1", "S", "BUY", "9.50", 10_000)
                                    .at(OPEN.plus(MINUTE))
                                    .build())
                    .end();
            // cash 190,000 - 95,000 = 95,000; S 10,000 x 10.00 = 100,000; total 195,500
            JsonNode v = AlertJson.mapper().readTree(h.alerts().get(0).clientViewJson());
            assertThat(v.get("clientId").asText()).isEqualTo("C1");
            assertThat(v.get("asOf").asText()).isEqualTo("2026-11-20T09:31:00.000+08:00");
            assertThat(v.get("tier").asText()).isEqualTo("HNW");
            assertThat(v.get("riskProfile").asText()).isEqualTo("BALANCED");
            assertThat(v.get("brokerId").asText()).isEqualTo("B7");
            assertThat(v.get("groupId").asText()).isEqualTo("G1");
            assertThat(v.get("cash").decimalValue()).isEqualByComparingTo("95000");
            assertThat(v.get("totalAssets").decimalValue()).isEqualByComparingTo("195500");
            JsonNode positions = v.get("positions");
            assertThat(positions.size()).isEqualTo(2);
            for (JsonNode p : positions) {
                if (p.get("symbol").asText().equals("S")) {
                    assertThat(p.get("quantity").asLong()).isEqualTo(10_000);
                    assertThat(p.get("priceFrom").asText()).isEqualTo("quote");
                    assertThat(p.get("value").decimalValue()).isEqualByComparingTo("100000");
                    assertThat(p.get("share").decimalValue()).isEqualByComparingTo("0.5115"); // 100,000 / 195,500
                } else {
                    assertThat(p.get("symbol").asText()).isEqualTo("T");
                    assertThat(p.get("priceFrom").asText()).isEqualTo("avgCost");
                    assertThat(p.get("value").decimalValue()).isEqualByComparingTo("500");
                    assertThat(p.get("share").decimalValue()).isEqualByComparingTo("0.0026");
                }
            }
        }
    }
}
