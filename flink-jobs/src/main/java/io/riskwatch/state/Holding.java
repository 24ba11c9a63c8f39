package io.riskwatch.state;

import java.math.BigDecimal;

/** One symbol's holding in a client's book: quantity (may go negative) and weighted average cost. */
public class Holding {
    public long quantity;
    public BigDecimal avgCost = BigDecimal.ZERO;

    public Holding() {}

    public Holding(long quantity, BigDecimal avgCost) {
        this.quantity = quantity;
        this.avgCost = avgCost;
    }
}
