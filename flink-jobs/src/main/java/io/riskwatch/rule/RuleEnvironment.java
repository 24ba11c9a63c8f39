package io.riskwatch.rule;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What a rule may know of the job besides the rules file: settings of {@code riskwatch.yaml} that shape rules.
 *
 * @param tradingDayZone the trading day is the calendar date of {@code ts} in this zone
 * @param continuousSession the continuous trading session (contract 7.1), each {@code HH:mm-HH:mm}, start included
 *     and end excluded, in the trading-day zone
 */
public record RuleEnvironment(String tradingDayZone, List<String> continuousSession) implements Serializable {
    /** The exchanges' continuous auction: [09:30, 11:30) and [13:00, 14:57). */
    public static final List<String> CONTINUOUS_SESSION = List.of("09:30-11:30", "13:00-14:57");

    public RuleEnvironment {
        continuousSession = List.copyOf(continuousSession);
        for (String range : continuousSession) {
            bounds(range);
        }
    }

    public RuleEnvironment(String tradingDayZone) {
        this(tradingDayZone, CONTINUOUS_SESSION);
    }

    public ZoneId zone() {
        return ZoneId.of(tradingDayZone);
    }

    /** Is {@code ts} within the continuous session (time of day in the trading-day zone)? */
    public boolean inContinuousSession(long ts) {
        LocalTime t = Instant.ofEpochMilli(ts).atZone(zone()).toLocalTime();
        for (String range : continuousSession) {
            LocalTime[] b = bounds(range);
            if (!t.isBefore(b[0]) && t.isBefore(b[1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The start and end of {@code HH:mm-HH:mm}.
     *
     * @throws IllegalArgumentException when it is not two times of day, the first before the second
     */
    public static LocalTime[] bounds(String range) {
        String[] parts = range.split("-", -1);
        if (parts.length == 2) {
            try {
                LocalTime start = LocalTime.parse(parts[0].strip());
                LocalTime end = LocalTime.parse(parts[1].strip());
                if (start.isBefore(end)) {
                    return new LocalTime[] {start, end};
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(
                "expected a session as HH:mm-HH:mm with its start before its end, e.g. 09:30-11:30, found \"" + range
                        + "\"");
    }
}
