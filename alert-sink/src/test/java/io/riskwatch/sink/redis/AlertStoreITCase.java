package io.riskwatch.sink.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.sink.notify.NotificationDispatcher;
import io.riskwatch.sink.notify.WebhookNotifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The alert lifecycle against a real redis-server. */
class AlertStoreITCase {
    private static RedisServer server;
    private static String uri;
    private static final RedisLayout LAYOUT = new RedisLayout("lifecycle");

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new RedisServer(port);
        server.start();
        uri = "redis://127.0.0.1:" + port;
        try (RedisAlertWriter w = new RedisAlertWriter(
                uri, null, LAYOUT, 1000, 10, Duration.ofSeconds(5), new SimpleCounter(), new SimpleCounter())) {
            w.write(alert("A1", "LARGE_TRANSFER", Severity.HIGH, 1_000, "C1"), null);
            w.write(alert("A2", "STRUCTURING", Severity.HIGH, 2_000, "C2"), null);
            w.write(alert("A3", "LARGE_TRANSFER", Severity.MEDIUM, 3_000, "C1"), null);
            w.write(alert("A4", "LARGE_TRANSFER", Severity.LOW, 4_000, "C3"), null);
            w.flush(true);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop();
    }

    private static Alert alert(String id, String rule, Severity s, long ts, String client) {
        return new Alert(
                id,
                rule,
                s,
                Audience.RISK,
                client,
                null,
                null,
                ts,
                "2026-11-20T09:30:00.000+08:00",
                "summary " + id,
                List.of("e" + id),
                "{}",
                "v1");
    }

    @Test
    void listsOpenAlertsMostUrgentFirstAndFiltersByRuleAndClient() {
        try (AlertStore store = new AlertStore(uri, null, LAYOUT)) {
            assertThat(store.list(null, "LARGE_TRANSFER", "C1", 10))
                    .extracting(AlertStore.StoredAlert::alertId)
                    .containsExactly("A3", "A1"); // the client's alerts, newest first
            assertThat(store.list(null, null, null, 2)).hasSize(2);
            assertThat(store.show("nope")).isNull();
        }
    }

    @Test
    void aNotificationThatFailsForGoodIsRecordedInTheNotifyFailedStream() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(403, -1); // e.g. a revoked robot token: not retried
            ex.close();
        });
        http.start();
        try (RedisFailureRecorder recorder = new RedisFailureRecorder(uri, null, LAYOUT);
                AlertStore store = new AlertStore(uri, null, LAYOUT)) {
            var d = new NotificationDispatcher(
                    new WebhookNotifier(
                            "ops",
                            URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hook"),
                            Duration.ofSeconds(2)),
                    recorder,
                    NotificationDispatcher.Settings.defaults());
            d.offer(alert("F1", "LARGE_TRANSFER", Severity.HIGH, 5_000, "C9"));
            for (int i = 0; i < 100 && d.failed() == 0; i++) {
                Thread.sleep(50);
            }
            d.close();
            RedisClient c = RedisClient.create(uri);
            try (var conn = c.connect()) {
                var entries = conn.sync().xrange(LAYOUT.notifyFailed(), Range.create("-", "+"));
                assertThat(entries)
                        .singleElement()
                        .satisfies(m -> assertThat(m.getBody())
                                .containsEntry("alertId", "F1")
                                .containsEntry("channel", "webhook:ops")
                                .containsEntry("reason", "webhook:ops: HTTP 403")
                                .containsKey("at"));
            } finally {
                c.shutdown();
            }
        } finally {
            http.stop(0);
        }
    }

    @Test
    void ackThenCloseWithAnAuditTrailAndRefusalsThatSayWhy() {
        try (AlertStore store = new AlertStore(uri, null, LAYOUT)) {
            assertThat(store.list("OPEN", null, null, 10))
                    .extracting(AlertStore.StoredAlert::alertId)
                    .startsWith("A2", "A1"); // HIGH before MEDIUM before LOW; newer first within a severity
            assertThat(store.ack("A2", "alice", "looking")).isEqualTo("OPEN");
            assertThat(store.show("A2").status()).isEqualTo("ACKED");
            assertThat(store.list("ACKED", null, null, 10))
                    .extracting(AlertStore.StoredAlert::alertId)
                    .containsExactly("A2");
            assertThatThrownBy(() -> store.ack("A2", "bob", null))
                    .isInstanceOf(AlertStore.RefusedException.class)
                    .hasMessageContaining("is ACKED");

            assertThat(store.close("A2", "alice", AlertStore.Outcome.FALSE_POSITIVE, "salary"))
                    .isEqualTo("ACKED");
            AlertStore.StoredAlert closed = store.show("A2");
            assertThat(closed.fields())
                    .containsEntry("status", "CLOSED")
                    .containsEntry("outcome", "FALSE_POSITIVE")
                    .containsEntry("closedBy", "alice")
                    .containsEntry("comment", "salary");
            assertThat(store.list("OPEN", null, null, 10))
                    .extracting(AlertStore.StoredAlert::alertId)
                    .doesNotContain("A2");
            assertThat(store.list("CLOSED", null, null, 10))
                    .extracting(AlertStore.StoredAlert::alertId)
                    .containsExactly("A2");
            assertThatThrownBy(() -> store.close("A2", "bob", AlertStore.Outcome.NOTED, null))
                    .hasMessageContaining("already CLOSED (by alice)");
            assertThatThrownBy(() -> store.ack("A-missing", "bob", null)).hasMessageContaining("no alert A-missing");
            assertThatThrownBy(() -> store.ack("A1", " ", null)).hasMessageContaining("--by");

            assertThat(store.history("A2"))
                    .extracting(h -> h.get("action") + " " + h.get("by") + " " + h.get("from") + "->" + h.get("to"))
                    .containsExactly("ack alice OPEN->ACKED", "close alice ACKED->CLOSED");
            assertThat(store.history("A2").get(0).get("at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
    }
}
