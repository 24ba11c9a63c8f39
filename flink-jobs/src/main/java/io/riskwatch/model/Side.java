package io.riskwatch.model;

/** The side of an order or trade. */
public enum Side {
    BUY,
    SELL
}
