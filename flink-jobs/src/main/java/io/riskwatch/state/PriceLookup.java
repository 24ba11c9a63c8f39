package io.riskwatch.state;

import java.math.BigDecimal;

/** The latest quote price of a symbol as seen at or before the event being evaluated; null when none. */
@FunctionalInterface
public interface PriceLookup {
    BigDecimal priceOf(String symbol);

    PriceLookup NONE = symbol -> null;
}
