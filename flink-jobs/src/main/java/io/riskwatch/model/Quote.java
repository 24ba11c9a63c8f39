package io.riskwatch.model;

import java.math.BigDecimal;

/**
 * A market snapshot of a security (Level-1): the last price, and optionally the previous close, the shares traded
 * so far this trading day ({@code volume}), the best bid and ask with the volume resting at each, and the day's
 * price limits (涨停价/跌停价). Every optional field may be null.
 */
public record Quote(
        String symbol,
        BigDecimal price,
        BigDecimal prevClose,
        Long volume,
        BigDecimal bidPrice,
        Long bidVolume,
        BigDecimal askPrice,
        Long askVolume,
        BigDecimal limitUp,
        BigDecimal limitDown) {

    /** A quote with a price and previous close only (what quotes carried before Level-1 fields). */
    public Quote(String symbol, BigDecimal price, BigDecimal prevClose) {
        this(symbol, price, prevClose, null, null, null, null, null, null, null);
    }
}
