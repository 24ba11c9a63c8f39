package io.riskwatch.model;

import java.math.BigDecimal;

/**
 * A trade as the client operator applied it, in processing order, with what pattern rules need of the
 * client's book at that moment (tier, broker) and its trading day. The input of CEP rules.
 *
 * @param epochDay the trading day (calendar date of ts in the trading-day zone) as an epoch day
 */
public record TradeFact(
        String clientId,
        String brokerId,
        Tier tier,
        String symbol,
        String eventId,
        long ts,
        long epochDay,
        Side side,
        BigDecimal price,
        long quantity) {

    /** The key of a per client, symbol and trading day pattern. */
    public String clientSymbolDay() {
        return clientId + "|" + symbol + "|" + epochDay;
    }
}
