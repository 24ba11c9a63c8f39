package io.riskwatch.alert;

import java.util.List;

/**
 * One alert as the contract (section 4) describes it. A Flink POJO (record), so it crosses operators
 * without Kryo: {@code metricsJson} carries the rule's metrics as an already rendered JSON object, because
 * their shape differs per rule.
 *
 * @param tsMillis the event time of the completing event, epoch milliseconds (sort key)
 * @param ts the same instant as ISO-8601 with offset, as written in the alert JSON
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
        String ruleVersion) {}
