package io.riskwatch.sink.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A generic JSON webhook: {@code {"source":"riskwatch","count":N,"alerts":[<alert JSON>...]}}, each alert in the
 * contract's shape (section 4).
 */
public final class WebhookNotifier extends HttpNotifier {
    private final URI url;

    public WebhookNotifier(String name, URI url, Duration timeout) {
        super("webhook:" + name, timeout);
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("webhook URL must be http(s), got: " + url);
        }
        this.url = url;
    }

    @Override
    protected URI target() {
        return url;
    }

    @Override
    protected String body(List<Alert> alerts) {
        ObjectNode root = AlertJson.mapper().createObjectNode();
        root.put("source", "riskwatch");
        root.put("count", alerts.size());
        ArrayNode array = root.putArray("alerts");
        try {
            for (Alert a : alerts) {
                array.add(AlertJson.mapper().readTree(AlertJson.toJson(a)));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return write(root);
    }
}
