package io.riskwatch.route;

import io.riskwatch.alert.Alert;

/**
 * An alert the route stage held back, and why: {@code duplicate} (the same alertId was delivered before) or
 * {@code cooldown} (the same rule fired for the same client less than the configured cooldown earlier).
 */
public record SuppressedAlert(String reason, Alert alert) {
    public static final String DUPLICATE = "duplicate";
    public static final String COOLDOWN = "cooldown";
}
