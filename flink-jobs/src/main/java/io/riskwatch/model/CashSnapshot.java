package io.riskwatch.model;

import java.math.BigDecimal;

/** An absolute cash snapshot. */
public record CashSnapshot(String clientId, BigDecimal balance) {}
