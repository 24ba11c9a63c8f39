package io.riskwatch.sink.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk (钉钉) custom robot with signing: {@code POST <base>/robot/send?access_token=T&timestamp=MS&sign=S}
 * where S = urlencode(base64(HmacSHA256(key = secret, data = MS + "\n" + secret))), body
 * {@code {"msgtype":"markdown","markdown":{"title":"...","text":"..."}}}. Errors come as {@code errcode};
 * 130101 (sending too fast) is retried.
 */
public final class DingTalkNotifier extends HttpNotifier {
    static final int MAX_TEXT_BYTES = 18_000;
    static final String DEFAULT_BASE = "https://oapi.dingtalk.com";
    private final String base;
    private final String token;
    private final String secret;
    private final Clock clock;

    /** @param token the robot's access token and @param secret its signing secret (both from the environment) */
    public DingTalkNotifier(String name, String base, String token, String secret, Duration timeout, Clock clock) {
        super("dingtalk:" + name, timeout);
        this.base = base;
        this.token = token;
        this.secret = secret;
        this.clock = clock;
    }

    /** The signature of the DingTalk custom robot security setting "加签". */
    static String sign(long timestampMillis, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return URLEncoder.encode(Base64.getEncoder().encodeToString(digest), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    }

    @Override
    protected URI target() {
        long now = clock.millis();
        return URI.create(base + "/robot/send?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&timestamp=" + now + "&sign=" + sign(now, secret));
    }

    @Override
    protected String body(List<Alert> alerts) {
        ObjectNode root = AlertJson.mapper().createObjectNode();
        root.put("msgtype", "markdown");
        ObjectNode md = root.putObject("markdown");
        md.put("title", Markdown.title(alerts));
        md.put("text", Markdown.digest(alerts, MAX_TEXT_BYTES));
        return write(root);
    }

    @Override
    protected void check(HttpResponse<String> response) throws NotifyException {
        super.check(response);
        RobotResponse.check(channel(), response, Set.of(130101));
    }
}
