package io.riskwatch.config;

import io.riskwatch.model.Tier;
import java.io.Serializable;
import java.time.Duration;

/** One duration per client tier, in milliseconds. */
public record TierDurations(long standard, long hnw, long institution) implements Serializable {
    public long forTier(Tier tier) {
        return switch (tier) {
            case STANDARD -> standard;
            case HNW -> hnw;
            case INSTITUTION -> institution;
        };
    }

    /** ISO-8601 text of a tier's duration, e.g. {@code PT48H}, for alert metrics. */
    public String text(Tier tier) {
        return Duration.ofMillis(forTier(tier)).toString();
    }
}
