package io.riskwatch.rule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.riskwatch.model.Tier;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One decimal per client tier: an amount in CNY or a fraction, as the rule's field says. In a rules file it is a
 * mapping {@code {STANDARD: .., HNW: .., INSTITUTION: ..}}.
 */
public record TierAmounts(
        @JsonProperty("STANDARD") BigDecimal standard,
        @JsonProperty("HNW") BigDecimal hnw,
        @JsonProperty("INSTITUTION") BigDecimal institution)
        implements Serializable {

    @JsonCreator
    public TierAmounts {}

    /** The same value for every tier. */
    public static TierAmounts all(String value) {
        return of(value, value, value);
    }

    public static TierAmounts of(String standard, String hnw, String institution) {
        return new TierAmounts(new BigDecimal(standard), new BigDecimal(hnw), new BigDecimal(institution));
    }

    public BigDecimal forTier(Tier tier) {
        return switch (tier) {
            case STANDARD -> standard;
            case HNW -> hnw;
            case INSTITUTION -> institution;
        };
    }
}
