package io.riskwatch.sink.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.alert.route.ChannelSpec;
import io.riskwatch.alert.route.Route;
import io.riskwatch.alert.route.RoutingPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Notifying from the Redis sink: only alerts Redis did not have yet are notified, each once; what was stored
 * but not notified when a job stopped is notified by the next one; a final failure is recorded. Real Redis,
 * real HTTP server.
 */
class RedisNotifyITCase {
    private static RedisServer server;
    private static int port;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;
    private final RedisLayout layout = new RedisLayout("rwnotify");
    private HttpServer http;
    private final List<String> notifiedIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeAll
    static void start() throws IOException {
        port = RedisAlertWriterITCase.freePort();
        server = new RedisServer(port);
        server.start();
        client = RedisClient.create("redis://127.0.0.1:" + port);
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stop() throws IOException {
        connection.close();
        client.shutdown();
        server.stop();
    }

    @BeforeEach
    void serve() throws IOException {
        redis.flushall();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int s = status.get();
            if (s == 200) {
                JsonNode root = AlertJson.mapper().readTree(new String(body, StandardCharsets.UTF_8));
                root.get("alerts").forEach(a -> notifiedIds.add(a.get("alertId").asText()));
            }
            exchange.sendResponseHeaders(s, -1);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void stopHttp() {
        http.stop(0);
    }

    private RoutingPlan plan() {
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
        return new RoutingPlan(
                Map.of("ops", new ChannelSpec.Webhook("ops", url, null)),
                List.of(Route.all(List.of("ops"))),
                Map.of(),
                null,
                600,
                50);
    }

    private static List<Alert> alerts(int n) {
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Alert(
                    "RULE-" + i,
                    "RULE",
                    Severity.HIGH,
                    Audience.RISK,
                    "C" + i,
                    null,
                    null,
                    1000L + i,
                    "2026-11-20T09:30:00.000+08:00",
                    "s",
                    List.of("e" + i),
                    "{}",
                    "v1"));
        }
        return out;
    }

    private RedisAlertWriter writer(RoutingPlan plan, int subtask, int parallelism) throws IOException {
        return new RedisAlertWriter(
                "redis://127.0.0.1:" + port,
                null,
                layout,
                1000,
                7,
                Duration.ofSeconds(5),
                new SimpleCounter(),
                new SimpleCounter(),
                new RedisAlertWriter.Notify(plan, Duration.ofSeconds(2), Duration.ofSeconds(20), subtask, parallelism),
                RedisResilience.failAfter(Duration.ZERO));
    }

    private void write(RoutingPlan plan, List<Alert> alerts) throws Exception {
        try (RedisAlertWriter w = writer(plan, 0, 1)) {
            for (Alert a : alerts) {
                w.write(a, null);
            }
            w.flush(true);
        }
    }

    @Test
    void everyNewAlertIsNotifiedOnceAndAReplayNotifiesNothing() throws Exception {
        List<Alert> alerts = alerts(20);
        write(plan(), alerts);
        assertThat(notifiedIds)
                .containsExactlyInAnyOrderElementsOf(
                        alerts.stream().map(Alert::alertId).toList());
        assertThat(redis.scard(layout.notifyPending())).isZero();

        write(plan(), alerts); // the same input again, e.g. a replay or a restart from a checkpoint
        assertThat(notifiedIds).hasSize(20);
        assertThat(redis.xlen(layout.alerts())).isEqualTo(20);
    }

    @Test
    void alertsLeftPendingByAStoppedJobAreNotifiedByTheNextOneEachByOneWriter() throws Exception {
        List<Alert> alerts = alerts(30);
        write(RoutingPlan.none(), alerts); // stored; the job "crashed" before notifying
        alerts.forEach(a -> redis.sadd(layout.notifyPending(), a.alertId()));
        redis.sadd(layout.notifyPending(), "RULE-gone"); // its hash no longer exists: just cleared

        for (int subtask = 0; subtask < 2; subtask++) {
            try (RedisAlertWriter w = writer(plan(), subtask, 2)) {
                w.flush(true);
            }
        }
        assertThat(notifiedIds)
                .containsExactlyInAnyOrderElementsOf(
                        alerts.stream().map(Alert::alertId).toList());
        assertThat(redis.scard(layout.notifyPending())).isZero();
    }

    @Test
    void aFinalFailureIsRecordedAndLeavesNothingPending() throws Exception {
        status.set(400); // not retried
        List<Alert> alerts = alerts(3);
        write(plan(), alerts);
        var failed = redis.xrange(layout.notifyFailed(), Range.create("-", "+"));
        assertThat(failed)
                .extracting(m -> m.getBody().get("alertId"))
                .containsExactlyInAnyOrder("RULE-0", "RULE-1", "RULE-2");
        assertThat(failed).allSatisfy(m -> assertThat(m.getBody().get("reason")).isEqualTo("webhook:ops: HTTP 400"));
        assertThat(redis.scard(layout.notifyPending())).isZero();
    }
}
