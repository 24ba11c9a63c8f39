package io.riskwatch.alert;

/** Alert severity, lowest first; the ordinal ranks alerts in the open-alerts set. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
