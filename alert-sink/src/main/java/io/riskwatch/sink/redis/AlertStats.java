package io.riskwatch.sink.redis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rule quality from the outcomes officers recorded (issue 25): per rule, rule version and ISO week of the alerts'
 * event time, the alerts raised, closed as confirmed (a case closed as {@code reported} counts as confirmed), as
 * false positive, as noted, still open (OPEN or ACKED), and precision = confirmed / (confirmed + false positive).
 */
public final class AlertStats {
    /** One row of the table. */
    public record Row(
            String rule,
            String ruleVersion,
            String week,
            long raised,
            long confirmed,
            long falsePositive,
            long noted,
            long open) {
        /** confirmed / (confirmed + false positive) to 3 decimals; null when neither was recorded. */
        public BigDecimal precision() {
            long judged = confirmed + falsePositive;
            return judged == 0
                    ? null
                    : BigDecimal.valueOf(confirmed).divide(BigDecimal.valueOf(judged), 3, RoundingMode.HALF_EVEN);
        }
    }

    private AlertStats() {}

    /**
     * @param alerts alert hashes as stored (rule, ruleVersion, ts, status, outcome)
     * @param sinceDate only alerts whose ts is on or after this date (yyyy-MM-dd, in the ts's own offset); null: all
     * @param rule only this rule; null: all
     * @return rows ordered by rule, rule version, week
     */
    public static List<Row> of(Iterable<Map<String, String>> alerts, String sinceDate, String rule) {
        Map<String, long[]> counts = new TreeMap<>();
        for (Map<String, String> a : alerts) {
            if (rule != null && !rule.equals(a.get("rule"))) {
                continue;
            }
            OffsetDateTime ts = OffsetDateTime.parse(a.get("ts"));
            if (sinceDate != null && ts.toLocalDate().toString().compareTo(sinceDate) < 0) {
                continue;
            }
            String week = String.format(
                    "%d-W%02d", ts.get(IsoFields.WEEK_BASED_YEAR), ts.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            long[] c = counts.computeIfAbsent(
                    a.get("rule") + "\u0000" + a.getOrDefault("ruleVersion", "") + "\u0000" + week, k -> new long[5]);
            c[0]++;
            if (!"CLOSED".equals(a.get("status"))) {
                c[4]++;
            } else {
                switch (a.getOrDefault("outcome", "")) {
                    case "CONFIRMED", "REPORTED" -> c[1]++;
                    case "FALSE_POSITIVE" -> c[2]++;
                    default -> c[3]++;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((k, c) -> {
            String[] p = k.split("\u0000", -1);
            rows.add(new Row(p[0], p[1], p[2], c[0], c[1], c[2], c[3], c[4]));
        });
        return rows;
    }
}
