package io.riskwatch.model;

import java.math.BigDecimal;

/** An absolute holdings snapshot for one symbol; {@code avgCost} may be null. */
public record PositionSnapshot(String clientId, String symbol, long quantity, BigDecimal avgCost) {}
