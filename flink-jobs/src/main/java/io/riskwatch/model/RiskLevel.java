package io.riskwatch.model;

/** A security's risk level, least risk first. */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH
}
