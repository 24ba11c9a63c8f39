package io.riskwatch.sink.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each channel's message against its documented shape, and the DingTalk signature. */
class NotifierMessagesTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final Alert A = new Alert(
            "LARGE_TRANSFER-0123456789abcdef",
            "LARGE_TRANSFER",
            Severity.HIGH,
            Audience.RISK,
            "C000123",
            "B007",
            null,
            0,
            "2026-11-20T09:31:02.120+08:00",
            "Transfer OUT 800,000.00 CNY >= 500,000.00 (STANDARD)",
            List.of("t-1"),
            "{\"amount\":800000.00}",
            "v1",
            "[{\"type\":\"transfer\",\"eventId\":\"t-1\",\"ts\":\"2026-11-20T09:31:02.120+08:00\","
                    + "\"clientId\":\"C000123\",\"direction\":\"OUT\",\"amount\":800000.00,"
                    + "\"bankAccount\":\"****2233\"}]");

    private static JsonNode json(String s) throws Exception {
        return AlertJson.mapper().readTree(s);
    }

    @Test
    void dingTalkSignatureMatchesAnIndependentlyComputedExample() {
        // computed with Python: quote_plus(b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256).digest()))
        String secret = "SEC000000000000000000000000000000000000000000000000000000000000000";
        assertThat(DingTalkNotifier.sign(1_700_000_000_000L, secret))
                .isEqualTo("mphPIqgjGbRzHPELpWQPiram3BEkrp9g5J866J8sMcg%3D");
    }

    @Test
    void dingTalkSignsEachRequestAndSendsMarkdownWithATitle() throws Exception {
        Clock fixed = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
        String secret = "SEC000000000000000000000000000000000000000000000000000000000000000";
        DingTalkNotifier d = new DingTalkNotifier("risk", "https://oapi.dingtalk.com", "tok", secret, T, fixed);
        assertThat(d.target().toString())
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=tok"
                        + "&timestamp=1700000000000&sign=mphPIqgjGbRzHPELpWQPiram3BEkrp9g5J866J8sMcg%3D");
        JsonNode body = json(d.body(List.of(A)));
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.get("markdown").get("title").asText()).isEqualTo("riskwatch: 1 alert");
        assertThat(body.get("markdown").get("text").asText())
                .contains(
                        "**HIGH** LARGE_TRANSFER",
                        "client C000123",
                        "broker B007",
                        A.summary(),
                        "`" + A.alertId() + "`");
        assertThat(d.channel()).isEqualTo("dingtalk:risk").doesNotContain("tok");
    }

    @Test
    void weComSendsMarkdownContentUnder4096Bytes() throws Exception {
        WeComNotifier w = new WeComNotifier("ops", "https://qyapi.weixin.qq.com", "k-123", T);
        assertThat(w.target().toString()).isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123");
        JsonNode body = json(w.body(List.of(A)));
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.get("markdown").get("content").asText())
                .startsWith("### riskwatch: 1 alert\n")
                .contains(A.summary());
        List<Alert> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(A);
        }
        String content = json(w.body(many)).get("markdown").get("content").asText();
        assertThat(content.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(WeComNotifier.MAX_CONTENT_BYTES);
        assertThat(content).startsWith("### riskwatch: 200 alerts").contains("more (see Redis or the console)");
    }

    @Test
    void slackSendsMrkdwnText() throws Exception {
        SlackNotifier s = new SlackNotifier("risk", URI.create("https://hooks.slack.com/services/T/B/X"), T);
        JsonNode body = json(s.body(List.of(A)));
        assertThat(body.fieldNames()).toIterable().containsExactly("text");
        assertThat(body.get("text").asText())
                .startsWith("*riskwatch: 1 alert*\n")
                .contains("*HIGH* LARGE_TRANSFER")
                .doesNotContain("**")
                .doesNotContain("###");
    }

    @Test
    void aShortEvidenceIsListedEventByEventAndALongOneCounted() {
        assertThat(Markdown.digest(List.of(A), 4000))
                .contains("> · transfer `t-1` 2026-11-20T09:31:02.120+08:00: clientId C000123, direction OUT, "
                        + "amount 800000.00, bankAccount ••••2233\n");
        StringBuilder four = new StringBuilder("[");
        for (int i = 0; i < Markdown.MAX_EVENTS + 1; i++) {
            four.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"cancel\",\"eventId\":\"c-")
                    .append(i)
                    .append("\"}");
        }
        Alert many = new Alert(
                A.alertId(),
                A.rule(),
                A.severity(),
                A.audience(),
                A.clientId(),
                A.brokerId(),
                A.symbol(),
                A.tsMillis(),
                A.ts(),
                A.summary(),
                A.evidence(),
                A.metricsJson(),
                A.ruleVersion(),
                four.append("]").toString());
        assertThat(Markdown.digest(List.of(many), 4000))
                .contains("> evidence: 4 events (see the console)\n")
                .doesNotContain("c-1");
        Alert none = new Alert(
                A.alertId(),
                A.rule(),
                A.severity(),
                A.audience(),
                A.clientId(),
                A.brokerId(),
                A.symbol(),
                A.tsMillis(),
                A.ts(),
                A.summary(),
                A.evidence(),
                A.metricsJson(),
                A.ruleVersion());
        assertThat(Markdown.digest(List.of(none), 4000))
                .doesNotContain("evidence")
                .doesNotContain("> ·");
    }

    @Test
    void theWebhookCarriesEachAlertInTheContractsShape() throws Exception {
        WebhookNotifier w = new WebhookNotifier("x", URI.create("http://127.0.0.1:1/hook"), T);
        JsonNode body = json(w.body(List.of(A, A)));
        assertThat(body.get("count").asInt()).isEqualTo(2);
        assertThat(body.get("alerts").get(0)).isEqualTo(json(AlertJson.toJson(A)));
    }

    @Test
    void retryAfterIsReadInSeconds() {
        assertThat(HttpNotifier.retryAfter(Optional.of("7"))).isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpNotifier.retryAfter(Optional.of("Wed, 21 Oct 2026 07:28:00 GMT")))
                .isNull();
        assertThat(HttpNotifier.retryAfter(Optional.empty())).isNull();
    }
}
