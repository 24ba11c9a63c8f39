package io.riskwatch.rule;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneRules;
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

    /**
     * The continuous session parsed once, for a check per event: is a ts's time of day in the trading-day zone
     * within it ({@link Session#contains})?
     */
    public Session session() {
        return new Session(zone(), continuousSession);
    }

    /** The continuous session's ranges as milliseconds of the day in the trading-day zone. */
    public static final class Session {
        private final ZoneRules rules;
        private final int[] starts;
        private final int[] ends;

        Session(ZoneId zone, List<String> ranges) {
            this.rules = zone.getRules();
            this.starts = new int[ranges.size()];
            this.ends = new int[ranges.size()];
            for (int i = 0; i < ranges.size(); i++) {
                LocalTime[] b = bounds(ranges.get(i));
                starts[i] = (int) (b[0].toNanoOfDay() / 1_000_000);
                ends[i] = (int) (b[1].toNanoOfDay() / 1_000_000);
            }
        }

        /** Is {@code ts} within a range: its start included, its end excluded? */
        public boolean contains(long ts) {
            long offsetMillis = rules.getOffset(Instant.ofEpochMilli(ts)).getTotalSeconds() * 1000L;
            long millisOfDay = Math.floorMod(ts + offsetMillis, MILLIS_PER_DAY);
            for (int i = 0; i < starts.length; i++) {
                if (millisOfDay >= starts[i] && millisOfDay < ends[i]) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final long MILLIS_PER_DAY = 86_400_000L;

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
