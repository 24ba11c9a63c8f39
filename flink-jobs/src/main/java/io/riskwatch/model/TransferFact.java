package io.riskwatch.model;

import java.math.BigDecimal;

/**
 * A transfer as the client operator applied it, in processing order, with the client's tier and broker at that
 * moment. The input of sequence (CEP) rules over a client's funds.
 */
public record TransferFact(
        String clientId, String brokerId, Tier tier, String eventId, long ts, Direction direction, BigDecimal amount) {

    /** The key of a per client and direction pattern. */
    public String clientDirection() {
        return clientId + "|" + direction.name();
    }
}
