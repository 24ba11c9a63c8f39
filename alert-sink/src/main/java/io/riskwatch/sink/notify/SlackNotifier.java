package io.riskwatch.sink.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Slack incoming webhook: {@code POST <webhook URL>} with {@code {"text":"..."}} in Slack's mrkdwn (bold is
 * {@code *x*}); 429 carries Retry-After.
 */
public final class SlackNotifier extends HttpNotifier {
    static final int MAX_TEXT_BYTES = 30_000;
    private final URI url;

    /** @param url the incoming-webhook URL (a secret: from the environment, never logged) */
    public SlackNotifier(String name, URI url, Duration timeout) {
        super("slack:" + name, timeout);
        this.url = url;
    }

    @Override
    protected URI target() {
        return url;
    }

    @Override
    protected String body(List<Alert> alerts) {
        String text = Markdown.digest(alerts, MAX_TEXT_BYTES)
                .replace("### ", "*")
                .replaceFirst("\n", "*\n")
                .replace("**", "*");
        ObjectNode root = AlertJson.mapper().createObjectNode();
        root.put("text", text);
        return write(root);
    }
}
