package io.riskwatch.sink.redis;

import io.riskwatch.alert.Severity;
import java.io.Serializable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long a case may stay open, by its severity, before it is overdue. Defaults: CRITICAL 4 h, HIGH 24 h, MEDIUM
 * 72 h, LOW 168 h; each can be set as {@code SEVERITY=DURATION} ({@code HIGH=8h}, {@code LOW=7d}, {@code
 * CRITICAL=30m}).
 */
public final class CaseSla implements Serializable {
    private static final long serialVersionUID = 1L;
    private final EnumMap<Severity, Duration> limits = new EnumMap<>(Severity.class);

    private CaseSla() {
        limits.put(Severity.CRITICAL, Duration.ofHours(4));
        limits.put(Severity.HIGH, Duration.ofHours(24));
        limits.put(Severity.MEDIUM, Duration.ofHours(72));
        limits.put(Severity.LOW, Duration.ofHours(168));
    }

    public static CaseSla defaults() {
        return new CaseSla();
    }

    /** The defaults with each {@code SEVERITY=DURATION} given applied; a bad one fails with what was expected. */
    public static CaseSla of(List<String> overrides) {
        CaseSla sla = new CaseSla();
        for (String o : overrides == null ? List.<String>of() : overrides) {
            int eq = o.indexOf('=');
            Severity severity;
            try {
                severity =
                        Severity.valueOf(o.substring(0, Math.max(eq, 0)).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "a case SLA is SEVERITY=DURATION (LOW, MEDIUM, HIGH, CRITICAL; e.g. HIGH=8h), got '" + o + "'");
            }
            sla.limits.put(severity, duration(o.substring(eq + 1).trim(), o));
        }
        return sla;
    }

    public Duration of(Severity severity) {
        return limits.get(severity);
    }

    public Map<Severity, Duration> limits() {
        return Map.copyOf(limits);
    }

    private static Duration duration(String text, String whole) {
        if (text.length() >= 2) {
            try {
                long n = Long.parseLong(text.substring(0, text.length() - (text.endsWith("min") ? 3 : 1)));
                Duration d = text.endsWith("min")
                        ? Duration.ofMinutes(n)
                        : switch (text.charAt(text.length() - 1)) {
                            case 'm' -> Duration.ofMinutes(n);
                            case 'h' -> Duration.ofHours(n);
                            case 'd' -> Duration.ofDays(n);
                            default -> null;
                        };
                if (d != null && n > 0) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException(
                "a case SLA's duration is a positive number with m, h or d (e.g. HIGH=8h), got '" + whole + "'");
    }
}
