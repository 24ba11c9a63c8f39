package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.trade;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.model.Event;
import io.riskwatch.model.EvidenceEvent;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceEventsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aTransferShowsItsFieldsWithTheAmountsScaleAndTheBankAccountMasked() throws Exception {
        Event t = transfer("C1", "OUT", "800000.00")
                .id("t-1")
                .with("accountId", "A9")
                .with("channel", "BANK")
                .with("bankAccount", "6222 0202 0011 2233")
                .at(OPEN.plusMillis(120))
                .build();
        EvidenceEvent e = EvidenceEvents.of(t, SHANGHAI);

        assertThat(e.eventId()).isEqualTo("t-1");
        assertThat(e.json()).doesNotContain("6222");
        JsonNode n = read(e.json());
        assertThat(names(n))
                .containsExactly(
                        "type",
                        "eventId",
                        "ts",
                        "clientId",
                        "direction",
                        "amount",
                        "accountId",
                        "channel",
                        "bankAccount");
        assertThat(n.get("type").asText()).isEqualTo("transfer");
        assertThat(n.get("ts").asText()).isEqualTo("2026-11-20T09:30:00.120+08:00");
        assertThat(n.get("direction").asText()).isEqualTo("OUT");
        assertThat(n.get("bankAccount").asText()).isEqualTo("****2233");
        assertThat(n.get("amount").isNumber()).isTrue(); // a decimal as the parser read it, never a binary float
        assertThat(n.get("amount").decimalValue()).isEqualTo(t.transfer().amount());
    }

    @Test
    void aTradeShowsItsFeeAndMatchIdInTheContractsOrder() throws Exception {
        Event t = trade("C1", "600519.SH", "BUY", "1800.50", 300)
                .id("tr-1")
                .withNumber("fee", "5.40")
                .with("matchId", "M7")
                .at(OPEN)
                .build();
        JsonNode n = read(EvidenceEvents.of(t, SHANGHAI).json());

        assertThat(names(n))
                .containsExactly(
                        "type",
                        "eventId",
                        "ts",
                        "clientId",
                        "orderId",
                        "symbol",
                        "side",
                        "price",
                        "quantity",
                        "fee",
                        "matchId");
        assertThat(n.get("price").decimalValue()).isEqualByComparingTo("1800.50");
        assertThat(n.get("fee").decimalValue()).isEqualByComparingTo("5.40");
        assertThat(n.get("quantity").asLong()).isEqualTo(300);
        assertThat(n.get("matchId").asText()).isEqualTo("M7");
    }

    @Test
    void aQuoteLeavesOutTheLevelOneFieldsItLacks() throws Exception {
        Event q = quote("600519.SH", "1790")
                .id("q-1")
                .withNumber("volume", "120000")
                .withNumber("limitUp", "1969.00")
                .at(OPEN)
                .build();
        JsonNode n = read(EvidenceEvents.of(q, SHANGHAI).json());

        assertThat(names(n)).containsExactly("type", "eventId", "ts", "symbol", "price", "volume", "limitUp");
        assertThat(n.get("limitUp").decimalValue()).isEqualByComparingTo("1969");
        assertThat(n.get("volume").asLong()).isEqualTo(120_000);
    }

    @Test
    void theAlertsArrayKeepsTheEvidenceOrder() throws Exception {
        EvidenceEvent a =
                EvidenceEvents.of(transfer("C1", "IN", "1").id("a").at(OPEN).build(), SHANGHAI);
        EvidenceEvent b =
                EvidenceEvents.of(transfer("C1", "OUT", "1").id("b").at(OPEN).build(), SHANGHAI);

        JsonNode array = read(EvidenceEvents.json(List.of(b, a)));
        assertThat(array.size()).isEqualTo(2);
        assertThat(array.get(0).get("eventId").asText()).isEqualTo("b");
        assertThat(array.get(1).get("eventId").asText()).isEqualTo("a");
        assertThat(EvidenceEvents.ids(List.of(b, a))).containsExactly("b", "a");
    }

    private static JsonNode read(String json) throws Exception {
        return AlertJson.mapper().readTree(json);
    }

    private static List<String> names(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
