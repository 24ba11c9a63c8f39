package io.riskwatch.state;

import io.riskwatch.model.Quote;
import io.riskwatch.model.RiskLevel;
import io.riskwatch.model.SecurityRecord;
import java.math.BigDecimal;

/**
 * One version of a symbol's market or reference data: a quote ({@code price} set, {@code quote} its Level-1 fields)
 * or a security record ({@code riskLevel} possibly null = unknown; {@code security} with its board and ST flag).
 *
 * @param quote the quote this point is, with volume, best bid and ask and limits (contract 7.1: market data at a
 *     moment); null for a security point, or where only a price is known
 * @param security the security record this point is; null for a quote point
 */
public record SymbolPoint(
        long ts, String eventId, BigDecimal price, RiskLevel riskLevel, Quote quote, SecurityRecord security) {

    public SymbolPoint(long ts, String eventId, BigDecimal price, RiskLevel riskLevel) {
        this(ts, eventId, price, riskLevel, null, null);
    }

    /** Whether the security is under risk warning (ST) at this point; false for quotes and unknown securities. */
    public boolean st() {
        return security != null && security.st();
    }
}
