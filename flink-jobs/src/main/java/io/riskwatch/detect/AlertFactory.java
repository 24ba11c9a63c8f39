package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertIds;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.state.ClientView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Builds alerts the same way for every rule: deterministic id, ts with offset, fixed number formats. */
public final class AlertFactory {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private AlertFactory() {}

    /**
     * @param key what the rule is "per" besides the evidence (a client id; client and symbol; ...)
     * @param completing the event that completed the rule: its ts is the alert's ts
     * @param evidence the evidence events in event-time order, the completing event last: their ids are the
     *     alert's {@code evidence}, they themselves its {@code evidenceEvents}
     */
    public static Alert client(
            String rule,
            Severity severity,
            String ruleVersion,
            ClientView client,
            String key,
            String symbol,
            Event completing,
            List<EvidenceEvent> evidence,
            String summary,
            Metrics metrics) {
        return risk(
                        rule,
                        severity,
                        ruleVersion,
                        client.clientId(),
                        client.brokerId(),
                        client.zone(),
                        key,
                        symbol,
                        completing.ts(),
                        evidence,
                        summary,
                        metrics)
                .withClientView(ClientSnapshot.json(client, completing.ts()));
    }

    /** A BROKER alert for the client's broker (brokerId null when the client has none on record). */
    public static Alert broker(
            String rule,
            Severity severity,
            String ruleVersion,
            ClientView client,
            String key,
            String symbol,
            Event completing,
            List<EvidenceEvent> evidence,
            String summary,
            Metrics metrics) {
        Alert a = client(rule, severity, ruleVersion, client, key, symbol, completing, evidence, summary, metrics);
        return new Alert(
                a.alertId(),
                a.rule(),
                a.severity(),
                Audience.BROKER,
                a.clientId(),
                a.brokerId(),
                a.symbol(),
                a.tsMillis(),
                a.ts(),
                a.summary(),
                a.evidence(),
                a.metricsJson(),
                a.ruleVersion(),
                a.evidenceEventsJson(),
                a.clientViewJson());
    }

    /** A RISK alert from a rule that runs outside the client operator (CEP rules). */
    public static Alert risk(
            String rule,
            Severity severity,
            String ruleVersion,
            String clientId,
            String brokerId,
            ZoneId zone,
            String key,
            String symbol,
            long ts,
            List<EvidenceEvent> evidence,
            String summary,
            Metrics metrics) {
        return risk(
                rule,
                severity,
                ruleVersion,
                clientId,
                brokerId,
                zone,
                key,
                symbol,
                ts,
                EvidenceEvents.ids(evidence),
                EvidenceEvents.json(evidence),
                summary,
                metrics);
    }

    /**
     * A RISK alert whose evidence is another alert's (its ids and its already rendered evidence events, which may be
     * null for an alert read from a file written before they existed).
     */
    public static Alert risk(
            String rule,
            Severity severity,
            String ruleVersion,
            String clientId,
            String brokerId,
            ZoneId zone,
            String key,
            String symbol,
            long ts,
            List<String> evidence,
            String evidenceEventsJson,
            String summary,
            Metrics metrics) {
        return new Alert(
                AlertIds.of(rule, key, evidence),
                rule,
                severity,
                Audience.RISK,
                clientId,
                brokerId,
                symbol,
                ts,
                formatTs(ts, zone),
                summary,
                List.copyOf(evidence),
                metrics.json(),
                ruleVersion,
                evidenceEventsJson);
    }

    /** ISO-8601 with the offset of the trading-day zone and milliseconds, e.g. 2026-11-20T09:31:02.120+08:00. */
    public static String formatTs(long epochMillis, ZoneId zone) {
        return TS.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** 800000 -> "800,000.00" (CNY amounts in summaries). */
    public static String money(BigDecimal amount) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(amount);
    }
}
