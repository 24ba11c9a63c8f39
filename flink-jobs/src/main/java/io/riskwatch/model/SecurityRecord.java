package io.riskwatch.model;

/** Security reference data; replaces the previous record whole (absent risk level: unknown). */
public record SecurityRecord(String symbol, RiskLevel riskLevel, String name) {}
