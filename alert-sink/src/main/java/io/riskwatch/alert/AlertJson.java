package io.riskwatch.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert's JSON form (contract section 4), with a fixed field order and plain decimals, so the same
 * alert always renders to the same bytes.
 */
public final class AlertJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // keep 800000.00 as written: the default node factory would strip it to 8E+5
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private AlertJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Renders one alert as a single line of JSON. */
    public static String toJson(Alert alert) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("alertId", alert.alertId());
        node.put("rule", alert.rule());
        node.put("severity", alert.severity().name());
        node.put("audience", alert.audience().name());
        node.put("clientId", alert.clientId());
        node.put("brokerId", alert.brokerId());
        node.put("symbol", alert.symbol());
        node.put("ts", alert.ts());
        node.put("summary", alert.summary());
        ArrayNode evidence = node.putArray("evidence");
        alert.evidence().forEach(evidence::add);
        node.set("metrics", readTree(alert.metricsJson()));
        node.put("ruleVersion", alert.ruleVersion());
        if (alert.evidenceEventsJson() != null) {
            node.set("evidenceEvents", readTree(alert.evidenceEventsJson()));
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert " + alert.alertId() + " cannot be rendered", e);
        }
    }

    /** Reads an alert back from its JSON form (used by sinks and tools that only see the JSON). */
    public static Alert fromJson(String json) {
        JsonNode n = readTree(json);
        List<String> evidence = new ArrayList<>();
        n.path("evidence").forEach(e -> evidence.add(e.asText()));
        String ts = n.path("ts").asText();
        return new Alert(
                n.path("alertId").asText(),
                n.path("rule").asText(),
                Severity.valueOf(n.path("severity").asText()),
                Audience.valueOf(n.path("audience").asText()),
                textOrNull(n, "clientId"),
                textOrNull(n, "brokerId"),
                textOrNull(n, "symbol"),
                OffsetDateTime.parse(ts).toInstant().toEpochMilli(),
                ts,
                n.path("summary").asText(),
                evidence,
                n.path("metrics").toString(),
                textOrNull(n, "ruleVersion"),
                n.has("evidenceEvents") ? n.get("evidenceEvents").toString() : null);
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
