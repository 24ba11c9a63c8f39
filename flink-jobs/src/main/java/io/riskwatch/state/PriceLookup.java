package io.riskwatch.state;

import java.math.BigDecimal;
import java.util.Map;

/** A symbol's latest quote and security record as seen at or before the event being evaluated. */
public interface PriceLookup {
    /** The latest quote, or null when none has been seen. */
    SymbolPoint quoteOf(String symbol);

    /** The security record in force, or null when none has been seen. */
    default SymbolPoint securityOf(String symbol) {
        return null;
    }

    default BigDecimal priceOf(String symbol) {
        SymbolPoint q = quoteOf(symbol);
        return q == null ? null : q.price();
    }

    PriceLookup NONE = symbol -> null;

    /** Quotes from fixed prices (tests and tools). */
    static PriceLookup of(Map<String, BigDecimal> prices) {
        return symbol -> {
            BigDecimal p = prices.get(symbol);
            return p == null ? null : new SymbolPoint(0, "fixed", p, null);
        };
    }
}
