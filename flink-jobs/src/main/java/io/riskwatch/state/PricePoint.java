package io.riskwatch.state;

import java.math.BigDecimal;

/** One quote of a symbol: when, which event, what price. */
public record PricePoint(long ts, String eventId, BigDecimal price) {}
