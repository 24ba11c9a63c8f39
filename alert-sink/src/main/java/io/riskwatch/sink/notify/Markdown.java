package io.riskwatch.sink.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One markdown digest of a batch of alerts, for the chat robots; cut to the channel's size limit. */
final class Markdown {
    /** An alert's evidence events are listed when there are at most this many ... */
    static final int MAX_EVENTS = 3;
    /** ... and their lines take at most this many bytes; otherwise one line says how many there are. */
    static final int MAX_EVENT_BYTES = 600;

    private static final Set<String> HEAD = Set.of("type", "eventId", "ts");

    private Markdown() {}

    static String title(List<Alert> alerts) {
        return "riskwatch: " + alerts.size() + " alert" + (alerts.size() == 1 ? "" : "s");
    }

    /**
     * {@code ### riskwatch: 2 alerts} then per alert a quoted block: severity and rule, client (and broker),
     * event time, summary, its evidence events when short (one line each, else how many), alert id. Stops before
     * {@code maxBytes} (UTF-8) with a line saying how many more.
     */
    static String digest(List<Alert> alerts, int maxBytes) {
        StringBuilder sb = new StringBuilder("### ").append(title(alerts)).append("\n");
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alerts.get(i);
            String block = "> **" + a.severity() + "** " + a.rule() + " · client " + a.clientId()
                    + (a.brokerId() != null ? " · broker " + a.brokerId() : "")
                    + (a.symbol() != null ? " · " + a.symbol() : "") + "\n"
                    + "> " + a.ts() + "\n"
                    + "> " + a.summary() + "\n"
                    + evidence(a)
                    + "> `" + a.alertId() + "`\n\n";
            String more = "…and " + (alerts.size() - i) + " more (see Redis or the console)";
            if (bytes(sb) + bytes(block) + bytes(more) > maxBytes) {
                sb.append(more);
                return sb.toString();
            }
            sb.append(block);
        }
        return sb.toString();
    }

    /** The alert's evidence events, one quoted line each when short; a count otherwise; nothing when unknown. */
    static String evidence(Alert a) {
        JsonNode events = read(a.evidenceEventsJson());
        if (events == null || !events.isArray() || events.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode e : events) {
            List<String> fields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> f : e.properties()) {
                if (!HEAD.contains(f.getKey())) {
                    // a masked account's asterisks as bullets: chat markdown would read them as emphasis
                    fields.add(f.getKey() + " " + f.getValue().asText().replace('*', '•'));
                }
            }
            lines.add(
                    "> · " + e.path("type").asText() + " `" + e.path("eventId").asText() + "` "
                            + e.path("ts").asText() + ": " + String.join(", ", fields) + "\n");
        }
        String all = String.join("", lines);
        if (lines.size() <= MAX_EVENTS && bytes(all) <= MAX_EVENT_BYTES) {
            return all;
        }
        return "> evidence: " + lines.size() + " events (see the console)\n";
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

    private static int bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
