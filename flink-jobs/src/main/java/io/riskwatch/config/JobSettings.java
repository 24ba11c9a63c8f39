package io.riskwatch.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The validated job settings ({@code config/riskwatch.yaml}) together with the rules they point to.
 * Serializable: operators receive it whole.
 */
public record JobSettings(
        long outOfOrdernessMillis,
        long allowedLatenessMillis,
        long idlenessMillis,
        String tradingDayZone,
        long duplicateWindowMillis,
        int maxRecordBytes,
        String rulesSource,
        RulesConfig rules)
        implements Serializable {

    public ZoneId zone() {
        return ZoneId.of(tradingDayZone);
    }

    public Duration outOfOrderness() {
        return Duration.ofMillis(outOfOrdernessMillis);
    }

    public Duration idleness() {
        return Duration.ofMillis(idlenessMillis);
    }

    /** How far an input stream may run ahead of an event before that event is late. */
    public long lateAfterMillis() {
        return outOfOrdernessMillis + allowedLatenessMillis;
    }
}
