package io.riskwatch.model;

/**
 * Client reference data; replaces the previous record whole (absent tier: STANDARD, absent profile: unknown).
 *
 * @param lastActivityAt epoch milliseconds, or null when not given
 */
public record ClientRecord(String clientId, Tier tier, RiskProfile riskProfile, String brokerId, Long lastActivityAt) {}
