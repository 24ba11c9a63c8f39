package io.riskwatch.sink.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * WeCom (企业微信) group robot: {@code POST <base>/cgi-bin/webhook/send?key=KEY} with
 * {@code {"msgtype":"markdown","markdown":{"content":"..."}}} (content at most 4,096 bytes). Errors come as
 * {@code errcode}; 45009 (too frequent) is retried.
 */
public final class WeComNotifier extends HttpNotifier {
    static final int MAX_CONTENT_BYTES = 4096;
    static final String DEFAULT_BASE = "https://qyapi.weixin.qq.com";
    private final URI url;

    /** @param key the robot's key (a secret: from the environment, never logged) */
    public WeComNotifier(String name, String base, String key, Duration timeout) {
        super("wecom:" + name, timeout);
        this.url = URI.create(base + "/cgi-bin/webhook/send?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    @Override
    protected URI target() {
        return url;
    }

    @Override
    protected String body(List<Alert> alerts) {
        ObjectNode root = AlertJson.mapper().createObjectNode();
        root.put("msgtype", "markdown");
        root.putObject("markdown").put("content", Markdown.digest(alerts, MAX_CONTENT_BYTES));
        return write(root);
    }

    @Override
    protected void check(HttpResponse<String> response) throws NotifyException {
        super.check(response);
        RobotResponse.check(channel(), response, Set.of(45009));
    }
}
