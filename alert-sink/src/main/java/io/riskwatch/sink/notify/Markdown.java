package io.riskwatch.sink.notify;

import io.riskwatch.alert.Alert;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One markdown digest of a batch of alerts, for the chat robots; cut to the channel's size limit. */
final class Markdown {
    private Markdown() {}

    static String title(List<Alert> alerts) {
        return "riskwatch: " + alerts.size() + " alert" + (alerts.size() == 1 ? "" : "s");
    }

    /**
     * {@code ### riskwatch: 2 alerts} then per alert a quoted block: severity and rule, client (and broker),
     * event time, summary, alert id. Stops before {@code maxBytes} (UTF-8) with a line saying how many more.
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

    private static int bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
