package io.riskwatch.rule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.riskwatch.model.Tier;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One duration per client tier, in milliseconds. In a rules file it is a mapping of duration texts, e.g.
 * {@code {STANDARD: 24h, HNW: 24h, INSTITUTION: 24h}} (Flink's duration syntax: 500ms, 10min, 24h, 180d).
 */
public record TierDurations(long standard, long hnw, long institution) implements Serializable {

    /** The same duration for every tier. */
    public static TierDurations all(Duration d) {
        return new TierDurations(d.toMillis(), d.toMillis(), d.toMillis());
    }

    @JsonCreator
    static TierDurations fromText(Map<String, String> byTier) {
        return new TierDurations(
                DurationText.millis(byTier.get("STANDARD")),
                DurationText.millis(byTier.get("HNW")),
                DurationText.millis(byTier.get("INSTITUTION")));
    }

    @JsonValue
    Map<String, String> toText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("STANDARD", standard + "ms");
        m.put("HNW", hnw + "ms");
        m.put("INSTITUTION", institution + "ms");
        return m;
    }

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

    /** The longest of the three, e.g. for a CEP pattern's {@code within}. */
    public long longest() {
        return Math.max(standard, Math.max(hnw, institution));
    }
}
