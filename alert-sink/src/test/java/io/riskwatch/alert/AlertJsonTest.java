package io.riskwatch.alert;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    private static final Alert ALERT = new Alert(
            "LARGE_TRANSFER-3f9a1c0e2b7d4a55",
            "LARGE_TRANSFER",
            Severity.HIGH,
            Audience.RISK,
            "C000123",
            "B007",
            null,
            1795138262120L,
            "2026-11-20T09:31:02.120+08:00",
            "Transfer OUT 800,000.00 CNY >= 500,000.00 (STANDARD)",
            List.of("t-000981"),
            "{\"amount\":800000.00,\"threshold\":500000.00}",
            "v1#abcd");

    @Test
    void rendersTheContractsFieldsInAFixedOrderWithPlainDecimals() {
        assertThat(AlertJson.toJson(ALERT))
                .isEqualTo("{\"alertId\":\"LARGE_TRANSFER-3f9a1c0e2b7d4a55\","
                        + "\"rule\":\"LARGE_TRANSFER\",\"severity\":\"HIGH\",\"audience\":\"RISK\","
                        + "\"clientId\":\"C000123\","
                        + "\"brokerId\":\"B007\",\"symbol\":null,\"ts\":\"2026-11-20T09:31:02.120+08:00\","
                        + "\"summary\":\"Transfer OUT 800,000.00 CNY >= 500,000.00 (STANDARD)\","
                        + "\"evidence\":[\"t-000981\"],"
                        + "\"metrics\":{\"amount\":800000.00,\"threshold\":500000.00},\"ruleVersion\":\"v1#abcd\"}");
    }

    @Test
    void readsBackWhatItWrote() {
        assertThat(AlertJson.fromJson(AlertJson.toJson(ALERT))).isEqualTo(ALERT);
    }

    @Test
    void writesTheEvidenceEventsLastAndReadsThemBack() {
        String events = "[{\"type\":\"transfer\",\"eventId\":\"t-000981\",\"ts\":\"2026-11-20T09:31:02.120+08:00\","
                + "\"clientId\":\"C000123\",\"direction\":\"OUT\",\"amount\":800000.00}]";
        Alert a = new Alert(
                ALERT.alertId(),
                ALERT.rule(),
                ALERT.severity(),
                ALERT.audience(),
                ALERT.clientId(),
                ALERT.brokerId(),
                ALERT.symbol(),
                ALERT.tsMillis(),
                ALERT.ts(),
                ALERT.summary(),
                ALERT.evidence(),
                ALERT.metricsJson(),
                ALERT.ruleVersion(),
                events);
        String json = AlertJson.toJson(a);
        assertThat(json).endsWith(",\"ruleVersion\":\"v1#abcd\",\"evidenceEvents\":" + events + "}");
        assertThat(AlertJson.fromJson(json)).isEqualTo(a);
        // an alert written before evidence events existed reads back without them
        assertThat(AlertJson.fromJson(AlertJson.toJson(ALERT)).evidenceEventsJson())
                .isNull();
    }

    @Test
    void isAFlinkPojo() {
        assertSerializedAsPojoWithoutKryo(Alert.class);
    }
}
