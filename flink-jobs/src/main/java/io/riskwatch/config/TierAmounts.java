package io.riskwatch.config;

import io.riskwatch.model.Tier;
import java.io.Serializable;
import java.math.BigDecimal;

/** One decimal per client tier: an amount in CNY or a fraction, as the rule's field says. */
public record TierAmounts(BigDecimal standard, BigDecimal hnw, BigDecimal institution) implements Serializable {
    public BigDecimal forTier(Tier tier) {
        return switch (tier) {
            case STANDARD -> standard;
            case HNW -> hnw;
            case INSTITUTION -> institution;
        };
    }
}
