package io.riskwatch.model;

import java.math.BigDecimal;

/** A market price update for a security; {@code prevClose} may be null. */
public record Quote(String symbol, BigDecimal price, BigDecimal prevClose) {}
