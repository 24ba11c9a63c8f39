package io.riskwatch.model;

/**
 * Security reference data; replaces the previous record whole (absent risk level: unknown).
 *
 * @param board the market board, or null when not given
 * @param st under risk warning (ST, *ST); false when not given
 */
public record SecurityRecord(String symbol, RiskLevel riskLevel, String name, Board board, boolean st) {

    public SecurityRecord(String symbol, RiskLevel riskLevel, String name) {
        this(symbol, riskLevel, name, null, false);
    }
}
