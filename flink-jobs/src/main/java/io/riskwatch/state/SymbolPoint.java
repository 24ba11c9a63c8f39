package io.riskwatch.state;

import io.riskwatch.model.RiskLevel;
import java.math.BigDecimal;

/**
 * One version of a symbol's market or reference data: a quote ({@code price} set) or a security record
 * ({@code riskLevel} possibly null = unknown).
 */
public record SymbolPoint(long ts, String eventId, BigDecimal price, RiskLevel riskLevel) {}
