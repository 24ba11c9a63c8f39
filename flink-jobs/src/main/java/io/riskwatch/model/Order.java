package io.riskwatch.model;

import java.math.BigDecimal;

/** A new limit order. */
public record Order(
        String clientId, String orderId, String symbol, Side side, BigDecimal price, long quantity, String accountId) {}
