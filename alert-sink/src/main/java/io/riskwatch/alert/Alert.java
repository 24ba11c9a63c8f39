package io.riskwatch.alert;

import java.util.List;

/**
 * One alert as the contract (section 4) describes it. A Flink POJO (record), so it crosses operators
 * without Kryo: {@code metricsJson} carries the rule's metrics as an already rendered JSON object, because
 * their shape differs per rule.
 *
 * @param tsMillis the event time of the completing event, epoch milliseconds (sort key)
 * @param ts the same instant as ISO-8601 with offset, as written in the alert JSON
 * @param evidenceEventsJson the evidence events as an already rendered JSON array, in the order of {@code evidence}
 *     (contract section 4); null for an alert read from a file written before they existed
 * @param clientViewJson the client's situation when the alert was raised (profile, cash, positions), as JSON, for
 *     the console's client view; not part of the alert's JSON (contract section 4); null where the rule runs
 *     without the client's book (sequence and group rules) or for an alert read back from JSON
 */
public record Alert(
        String alertId,
        String rule,
        Severity severity,
        Audience audience,
        String clientId,
        String brokerId,
        String symbol,
        long tsMillis,
        String ts,
        String summary,
        List<String> evidence,
        String metricsJson,
        String ruleVersion,
        String evidenceEventsJson,
        String clientViewJson) {

    /** An alert without a client view. */
    public Alert(
            String alertId,
            String rule,
            Severity severity,
            Audience audience,
            String clientId,
            String brokerId,
            String symbol,
            long tsMillis,
            String ts,
            String summary,
            List<String> evidence,
            String metricsJson,
            String ruleVersion,
            String evidenceEventsJson) {
        this(
                alertId,
                rule,
                severity,
                audience,
                clientId,
                brokerId,
                symbol,
                tsMillis,
                ts,
                summary,
                evidence,
                metricsJson,
                ruleVersion,
                evidenceEventsJson,
                null);
    }

    /** An alert without its evidence events (tests, and alerts written before they existed). */
    public Alert(
            String alertId,
            String rule,
            Severity severity,
            Audience audience,
            String clientId,
            String brokerId,
            String symbol,
            long tsMillis,
            String ts,
            String summary,
            List<String> evidence,
            String metricsJson,
            String ruleVersion) {
        this(
                alertId,
                rule,
                severity,
                audience,
                clientId,
                brokerId,
                symbol,
                tsMillis,
                ts,
                summary,
                evidence,
                metricsJson,
                ruleVersion,
                null,
                null);
    }

    /** The same alert with the client's situation at it. */
    public Alert withClientView(String json) {
        return new Alert(
                alertId,
                rule,
                severity,
                audience,
                clientId,
                brokerId,
                symbol,
                tsMillis,
                ts,
                summary,
                evidence,
                metricsJson,
                ruleVersion,
                evidenceEventsJson,
                json);
    }
}
