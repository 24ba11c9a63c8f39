package io.riskwatch.console;

import static io.riskwatch.console.Html.escape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.CaseStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One case as a self-contained HTML page (no script, no external file; print it to PDF from the browser): the
 * client as the job saw it at the latest alert, every alert with its metrics and evidence events, the notes and
 * the audit trail. What an officer attaches to a suspicious-transaction report (可疑交易报告). Everything read from
 * Redis is escaped.
 */
public final class CaseReport {
    private static final Set<String> EVENT_HEAD = Set.of("type", "eventId", "ts");

    private CaseReport() {}

    /**
     * @param view the client view hash ({@code json}, {@code asOf}, {@code alertId}); empty when none was written
     * @param generatedAt when the page is made (printed at its foot)
     */
    public static String html(CaseStore.CaseDetail c, Map<String, String> view, Instant generatedAt) {
        Map<String, String> h = c.header().fields();
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Case ")
                .append(escape(c.header().caseId()))
                .append("</title>\n<style>\n")
                .append("body{font:13px/1.45 system-ui,sans-serif;margin:24px;color:#111}")
                .append("h1{font-size:20px;margin:0 0 4px}")
                .append("h2{font-size:16px;margin:20px 0 6px;border-bottom:1px solid #999}")
                .append("h3{font-size:14px;margin:14px 0 4px}table{border-collapse:collapse;margin:4px 0 8px}")
                .append("th,td{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}")
                .append("th{background:#eee}code{font-size:12px}.muted{color:#555}")
                .append(".overdue{color:#b00;font-weight:bold}")
                .append("@media print{body{margin:0}h2{break-after:avoid}.alert{break-inside:avoid}}\n")
                .append("</style></head><body>\n");
        b.append("<h1>Case ").append(escape(c.header().caseId())).append("</h1>\n");
        b.append("<p class=\"muted\">riskwatch case report: the alerts, their evidence, the notes and every change, ")
                .append("for the suspicious-transaction report (可疑交易报告).</p>\n");
        b.append("<table id=\"case\">");
        row(b, "Client", h.get("clientId"));
        row(b, "Status", h.get("status"));
        row(b, "Disposition", blankDash(h.get("disposition")));
        row(b, "Severity", h.get("severity"));
        row(b, "Assignee", blankDash(h.get("assignee")));
        row(b, "Opened", h.get("openedAt"));
        row(b, "Closed", h.get("closedAt") == null ? "-" : h.get("closedAt") + " by " + h.get("closedBy"));
        b.append("<tr><th>Age</th><td")
                .append(c.header().overdue() ? " class=\"overdue\">" : ">")
                .append(escape(age(c.header().age())))
                .append(c.header().overdue() ? " (overdue)" : "")
                .append("</td></tr>");
        row(b, "Alerts", Integer.toString(c.alerts().size()));
        b.append("</table>\n");

        client(b, view);

        b.append("<h2>Alerts</h2>\n");
        for (AlertStore.StoredAlert a : c.alerts()) {
            alert(b, a);
        }

        b.append("<h2>Notes</h2>\n");
        if (c.notes().isEmpty()) {
            b.append("<p class=\"muted\">none</p>\n");
        } else {
            b.append("<table id=\"notes\"><tr><th>When</th><th>Who</th><th>Note</th></tr>");
            for (Map<String, String> n : c.notes()) {
                b.append("<tr><td>")
                        .append(escape(n.get("at")))
                        .append("</td><td>")
                        .append(escape(n.get("by")))
                        .append("</td><td>")
                        .append(escape(n.get("text")))
                        .append("</td></tr>");
            }
            b.append("</table>\n");
        }

        b.append("<h2>Audit trail</h2>\n<table id=\"audit\"><tr><th>When</th><th>Who</th><th>What</th>")
                .append("<th>Change</th><th>Comment</th></tr>");
        for (Map<String, String> e : c.audit()) {
            String what = e.get("action")
                    + (e.get("alertId") != null ? " " + e.get("alertId") : "")
                    + (notBlank(e.get("assignee")) ? " to " + e.get("assignee") : "")
                    + (notBlank(e.get("disposition")) ? " as " + e.get("disposition") : "");
            String change = e.get("to") == null || e.get("to").equals(e.get("from"))
                    ? ""
                    : (notBlank(e.get("from")) ? e.get("from") + " → " : "") + e.get("to");
            b.append("<tr><td>")
                    .append(escape(e.get("at")))
                    .append("</td><td>")
                    .append(escape(e.get("by")))
                    .append("</td><td>")
                    .append(escape(what))
                    .append("</td><td>")
                    .append(escape(change))
                    .append("</td><td>")
                    .append(escape(e.get("comment")))
                    .append("</td></tr>");
        }
        b.append("</table>\n");
        b.append("<p class=\"muted\">Generated by riskwatch at ")
                .append(escape(generatedAt.toString()))
                .append(". Amounts in CNY as the job read them.</p>\n</body></html>\n");
        return b.toString();
    }

    private static void client(StringBuilder b, Map<String, String> view) {
        b.append("<h2>Client</h2>\n");
        JsonNode v = view == null || view.get("json") == null ? null : read(view.get("json"));
        if (v == null) {
            b.append("<p class=\"muted\">no client view was written (the case's alerts come from rules that run ")
                    .append("without the client's book)</p>\n");
            return;
        }
        b.append("<p class=\"muted\">as the job saw it at the client's latest alert, ")
                .append(escape(view.get("asOf")))
                .append(" (")
                .append(escape(view.get("alertId")))
                .append(")</p>\n<table id=\"client\">");
        for (String f : List.of("clientId", "tier", "riskProfile", "brokerId", "groupId", "cash", "totalAssets")) {
            if (v.hasNonNull(f)) {
                row(b, f, v.get(f).asText());
            }
        }
        b.append("</table>\n");
        JsonNode positions = v.path("positions");
        if (positions.isArray() && !positions.isEmpty()) {
            b.append("<table id=\"positions\"><tr><th>Symbol</th><th>Quantity</th><th>Price</th><th>Value</th>")
                    .append("<th>Share of assets</th></tr>");
            for (JsonNode p : positions) {
                b.append("<tr><td>")
                        .append(escape(p.path("symbol").asText()))
                        .append("</td><td>")
                        .append(escape(p.path("quantity").asText()))
                        .append("</td><td>")
                        .append(escape(p.path("price").asText()))
                        .append(" (")
                        .append(escape(p.path("priceFrom").asText()))
                        .append(")</td><td>")
                        .append(escape(p.path("value").asText()))
                        .append("</td><td>")
                        .append(
                                p.hasNonNull("share")
                                        ? escape(percent(p.get("share").decimalValue()))
                                        : "-")
                        .append("</td></tr>");
            }
            b.append("</table>\n");
        }
    }

    private static void alert(StringBuilder b, AlertStore.StoredAlert a) {
        Map<String, String> f = a.fields();
        b.append("<div class=\"alert\" id=\"alert-")
                .append(escape(a.alertId()))
                .append("\">\n<h3>")
                .append(escape(f.get("severity")))
                .append(" ")
                .append(escape(f.get("rule")))
                .append(" · ")
                .append(escape(f.get("ts")))
                .append("</h3>\n<p>")
                .append(escape(f.get("summary")))
                .append("</p>\n")
                .append("<p class=\"muted\"><code>")
                .append(escape(a.alertId()))
                .append("</code> · ")
                .append(escape(f.get("status")))
                .append(notBlank(f.get("outcome")) ? " (" + escape(f.get("outcome")) + ")" : "")
                .append(" · rules ")
                .append(escape(f.get("ruleVersion")))
                .append("</p>\n");
        JsonNode metrics = read(f.get("metrics"));
        if (metrics != null && metrics.isObject()) {
            b.append("<table class=\"metrics\">");
            metrics.properties().forEach(m -> row(b, m.getKey(), text(m.getValue())));
            b.append("</table>\n");
        }
        JsonNode events = read(f.get("evidenceEvents"));
        if (events == null || !events.isArray()) {
            b.append("<p class=\"muted\">evidence: ")
                    .append(escape(f.get("evidence")))
                    .append(" (the events were not recorded with this alert)</p>\n");
        } else {
            b.append("<table class=\"evidence\"><tr><th>Time</th><th>Type</th><th>Event</th><th>Fields</th></tr>");
            for (JsonNode e : events) {
                StringBuilder fields = new StringBuilder();
                e.properties().forEach(p -> {
                    if (!EVENT_HEAD.contains(p.getKey())) {
                        fields.append(fields.isEmpty() ? "" : ", ")
                                .append(p.getKey())
                                .append(' ')
                                .append(text(p.getValue()));
                    }
                });
                b.append("<tr><td>")
                        .append(escape(e.path("ts").asText()))
                        .append("</td><td>")
                        .append(escape(e.path("type").asText()))
                        .append("</td><td><code>")
                        .append(escape(e.path("eventId").asText()))
                        .append("</code></td><td>")
                        .append(escape(fields.toString()))
                        .append("</td></tr>");
            }
            b.append("</table>\n");
        }
        b.append("</div>\n");
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<tr><th>")
                .append(escape(name))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>");
    }

    private static String text(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static String percent(BigDecimal share) {
        return share.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    private static String age(Duration d) {
        long h = d.toHours();
        return h >= 48 ? d.toDays() + " d " + (h % 24) + " h" : h + " h " + d.toMinutesPart() + " min";
    }

    private static String blankDash(String s) {
        return notBlank(s) ? s : "-";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static JsonNode read(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return AlertJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
