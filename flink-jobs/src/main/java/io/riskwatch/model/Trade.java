package io.riskwatch.model;

import java.math.BigDecimal;

/**
 * 成交: an execution; {@code fee} is zero when absent.
 *
 * @param matchId the exchange's execution number (成交编号), the same on both sides of one execution; null when
 *     not given
 */
public record Trade(
        String clientId,
        String orderId,
        String symbol,
        Side side,
        BigDecimal price,
        long quantity,
        BigDecimal fee,
        String matchId) {

    public Trade(
            String clientId,
            String orderId,
            String symbol,
            Side side,
            BigDecimal price,
            long quantity,
            BigDecimal fee) {
        this(clientId, orderId, symbol, side, price, quantity, fee, null);
    }
}
