package io.riskwatch.suppress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An alert the suppression stage held back, and why: {@code duplicate} (the same alertId was delivered before),
 * {@code cooldown} (the same rule fired for the same client less than the configured cooldown earlier) or
 * {@code runaway} (the rule was running away: {@link RunawayGuard}).
 */
public record SuppressedAlert(String reason, Alert alert) {
    public static final String DUPLICATE = "duplicate";
    public static final String COOLDOWN = "cooldown";

    /**
     * As written to the suppressed file and the held-back store: the alert's JSON plus {@code "suppressed":
     * reason}.
     */
    public String json() {
        try {
            ObjectNode node = (ObjectNode) AlertJson.mapper().readTree(AlertJson.toJson(alert));
            node.put("suppressed", reason);
            return AlertJson.mapper().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
