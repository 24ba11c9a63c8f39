package io.riskwatch.model;

/**
 * Client reference data; replaces the previous record whole (absent tier: STANDARD, absent profile: unknown).
 *
 * @param lastActivityAt epoch milliseconds, or null when not given
 * @param groupId the client's linked-account group (实际控制关系账户组), or null: the client is a group of its own
 */
public record ClientRecord(
        String clientId, Tier tier, RiskProfile riskProfile, String brokerId, Long lastActivityAt, String groupId) {

    public ClientRecord(String clientId, Tier tier, RiskProfile riskProfile, String brokerId, Long lastActivityAt) {
        this(clientId, tier, riskProfile, brokerId, lastActivityAt, null);
    }
}
