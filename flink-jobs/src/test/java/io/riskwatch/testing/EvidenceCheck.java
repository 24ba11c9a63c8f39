package io.riskwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.model.EventType;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * What every alert's {@code evidenceEvents} must be (contract section 4), checked on every alert a rule harness
 * hands to a test: one event per id of {@code evidence}, in its order, each with its type, its id and a ts no later
 * than the alert's, and a bank account masked to its last four characters.
 */
public final class EvidenceCheck {
    private static final List<String> TYPES = Arrays.stream(EventType.values())
            .filter(EventType::input)
            .map(EventType::wireName)
            .toList();

    private EvidenceCheck() {}

    /** The alerts, after checking each; an alert that breaks the contract fails the test here. */
    public static <T extends Alert> List<T> checked(List<T> alerts) {
        alerts.forEach(EvidenceCheck::check);
        return alerts;
    }

    static void check(Alert a) {
        assertThat(a.evidenceEventsJson())
                .as("evidenceEvents of %s", a.alertId())
                .isNotNull();
        JsonNode events = AlertJson.fromJson(AlertJson.toJson(a)).evidenceEventsJson() == null
                ? null
                : read(a.evidenceEventsJson());
        assertThat(events).as("evidenceEvents of %s", a.alertId()).isNotNull();
        assertThat(events.isArray()).isTrue();
        assertThat(events.size())
                .as("evidenceEvents of %s", a.alertId())
                .isEqualTo(a.evidence().size());
        long alertTs = OffsetDateTime.parse(a.ts()).toInstant().toEpochMilli();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertThat(e.path("eventId").asText())
                    .as("%s evidenceEvents[%d]", a.alertId(), i)
                    .isEqualTo(a.evidence().get(i));
            assertThat(TYPES)
                    .as("%s evidenceEvents[%d].type", a.alertId(), i)
                    .contains(e.path("type").asText());
            long ts = OffsetDateTime.parse(e.path("ts").asText()).toInstant().toEpochMilli();
            assertThat(ts).as("%s evidenceEvents[%d].ts", a.alertId(), i).isLessThanOrEqualTo(alertTs);
            if (e.has("bankAccount")) {
                assertThat(e.get("bankAccount").asText()).matches("\\*{4}.{0,4}");
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return AlertJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("evidenceEvents is not JSON: " + json, e);
        }
    }
}
