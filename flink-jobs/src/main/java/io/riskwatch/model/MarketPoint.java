package io.riskwatch.model;

import java.math.BigDecimal;

/**
 * What the group rules need of a quote at a moment (contract 7.1, market data at a moment), compact because it
 * travels with every order and trade to the group operator: the quote's id (for evidence), ts and price, the day's
 * volume so far, and on the event's side the price limit (limit-up for a BUY, limit-down for a SELL) and the volume
 * resting at the best price (bid for a BUY, ask for a SELL). A field the quote lacks is null.
 */
public record MarketPoint(String eventId, long ts, BigDecimal price, Long volume, BigDecimal limit, Long resting) {

    /** The quote as seen from one side; null when there is no quote. */
    public static MarketPoint of(String eventId, long ts, Quote q, Side side) {
        if (q == null) {
            return null;
        }
        boolean buy = side == Side.BUY;
        return new MarketPoint(
                eventId,
                ts,
                q.price(),
                q.volume(),
                buy ? q.limitUp() : q.limitDown(),
                buy ? q.bidVolume() : q.askVolume());
    }
}
