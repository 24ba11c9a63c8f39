package io.riskwatch.config;

import io.riskwatch.model.Tier;
import java.io.Serializable;
import java.math.BigDecimal;

/** One amount per client tier (CNY). */
public record TierAmounts(BigDecimal standard, BigDecimal hnw, BigDecimal institution) implements Serializable {
    public BigDecimal forTier(Tier tier) {
        return switch (tier) {
            case STANDARD -> standard;
            case HNW -> hnw;
            case INSTITUTION -> institution;
        };
    }
}
