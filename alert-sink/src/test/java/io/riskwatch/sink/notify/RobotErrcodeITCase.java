package io.riskwatch.sink.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The robots report errors inside HTTP 200 answers: rate limits are retried, other codes are final. */
class RobotErrcodeITCase {
    private HttpServer server;
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private static final Alert A = new Alert(
            "R-1",
            "RULE",
            Severity.HIGH,
            Audience.RISK,
            "C1",
            null,
            null,
            0,
            "2026-11-20T09:31:02.120+08:00",
            "s",
            List.of("e"),
            "{}",
            "v");

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            queries.add(ex.getRequestURI().getPath() + "?" + ex.getRequestURI().getRawQuery());
            String answer = answers.isEmpty() ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : answers.remove(0);
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void weComRateLimitIsRetriedAndDelivered() throws Exception {
        answers.add("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");
        List<String> failures = new CopyOnWriteArrayList<>();
        NotificationDispatcher d = new NotificationDispatcher(
                new WeComNotifier("ops", base(), "k", Duration.ofSeconds(2)),
                (c, alerts, reason) -> failures.add(reason),
                new NotificationDispatcher.Settings(
                        20, 100, 100, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(200), 3));
        d.offer(A);
        for (int i = 0; i < 100 && d.delivered() == 0; i++) {
            Thread.sleep(50);
        }
        d.close();
        assertThat(d.delivered()).isEqualTo(1);
        assertThat(queries).hasSize(2).allSatisfy(q -> assertThat(q).isEqualTo("/cgi-bin/webhook/send?key=k"));
        assertThat(failures).isEmpty();
    }

    @Test
    void aWrongDingTalkTokenIsFinalAndNamed() {
        answers.add("{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");
        DingTalkNotifier d =
                new DingTalkNotifier("risk", base(), "wrong", "SECx", Duration.ofSeconds(2), Clock.systemUTC());
        assertThatThrownBy(() -> d.send(List.of(A)))
                .isInstanceOf(NotifyException.class)
                .hasMessage("dingtalk:risk: errcode 300001 token is not exist")
                .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
        assertThat(queries)
                .singleElement()
                .satisfies(q -> assertThat(q)
                        .startsWith("/robot/send?access_token=wrong&timestamp=")
                        .contains("&sign="));
    }

    @Test
    void dingTalkSendingTooFastIsRetryable() {
        answers.add("{\"errcode\":130101,\"errmsg\":\"send too fast\"}");
        DingTalkNotifier d =
                new DingTalkNotifier("risk", base(), "t", "SECx", Duration.ofSeconds(2), Clock.systemUTC());
        assertThatThrownBy(() -> d.send(List.of(A)))
                .satisfies(e -> assertThat(((NotifyException) e).retryable()).isTrue());
    }
}
