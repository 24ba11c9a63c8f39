package io.riskwatch.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * {@code alerts.runawayGuard}: when a rule raises more alerts in {@code window} than {@code factor} times its
 * trailing baseline (the alerts it delivered in the {@code baseline} before that window, scaled to one window) and at
 * least {@code minAlerts}, its further alerts are held back from Redis's inbox and the notifiers, and the risk
 * desk gets one RUNAWAY_RULE alert. Window and baseline are whole minutes of event time; rules in {@code exempt}
 * are never held.
 */
public record RunawayGuardSettings(
        boolean enabled, long windowMillis, long baselineMillis, double factor, int minAlerts, List<String> exempt)
        implements Serializable {
    public static final long MINUTE = 60_000L;

    public RunawayGuardSettings {
        exempt = List.copyOf(exempt);
        if (windowMillis < MINUTE
                || windowMillis % MINUTE != 0
                || baselineMillis < MINUTE
                || baselineMillis % MINUTE != 0) {
            throw new IllegalArgumentException("window and baseline must be whole minutes, got "
                    + Duration.ofMillis(windowMillis) + " and " + Duration.ofMillis(baselineMillis));
        }
        if (!(factor > 1) || minAlerts < 1) {
            throw new IllegalArgumentException(
                    "factor must exceed 1 and minAlerts be at least 1, got " + factor + " and " + minAlerts);
        }
    }

    /**
     * The defaults: on, 10 min against the trailing 24 h, 10 x, at least 100 alerts.
     *
     * @param exempt the rules whose alerts come in bursts by design (the catalog's {@code burstsByDesign})
     */
    public static RunawayGuardSettings defaults(List<String> exempt) {
        return new RunawayGuardSettings(true, 10 * MINUTE, 24 * 60 * MINUTE, 10, 100, exempt);
    }

    public RunawayGuardSettings withEnabled(boolean on) {
        return new RunawayGuardSettings(on, windowMillis, baselineMillis, factor, minAlerts, exempt);
    }

    /** Whether the guard watches this rule. */
    public boolean watches(String rule) {
        return enabled && !exempt.contains(rule);
    }
}
