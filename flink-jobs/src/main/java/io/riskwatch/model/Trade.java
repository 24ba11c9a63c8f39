package io.riskwatch.model;

import java.math.BigDecimal;

/** 成交: an execution; {@code fee} is zero when absent. */
public record Trade(
        String clientId, String orderId, String symbol, Side side, BigDecimal price, long quantity, BigDecimal fee) {}
