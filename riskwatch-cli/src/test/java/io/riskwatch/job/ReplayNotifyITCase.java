package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.cli.Riskwatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * {@code replay --webhook}: the sample day's alerts reach a real HTTP server exactly once each, through a
 * server that fails twice, one that asks to slow down, one that is down for a while; with {@code --redis}, a
 * second replay notifies nothing.
 */
class ReplayNotifyITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisServer redisServer;
    private static int redisPort;

    @TempDir
    Path dir;

    private HttpServer http;
    private final List<String> notified = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void startRedis() throws IOException {
        redisPort = freePort();
        redisServer = new RedisServer(redisPort);
        redisServer.start();
    }

    @AfterAll
    static void stopRedis() throws IOException {
        redisServer.stop();
    }

    @AfterEach
    void stopHttp() {
        if (http != null) {
            http.stop(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A webhook whose n-th answer (1-based) is {@code status.applyAsInt(n)}; a 429 carries Retry-After: 1. */
    private void serve(int port, IntUnaryOperator status) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/hook", exchange -> {
            int s = status.applyAsInt(requests.incrementAndGet());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (s == 200) {
                JsonNode root = JSON.readTree(new String(body, StandardCharsets.UTF_8));
                root.get("alerts").forEach(a -> notified.add(a.get("alertId").asText()));
            }
            if (s == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            exchange.sendResponseHeaders(s, -1);
            exchange.close();
        });
        http.start();
    }

    private int replay(Path alerts, int webhookPort, boolean redis) {
        List<String> args = new ArrayList<>(List.of(
                "replay", "--webhook", "http://127.0.0.1:" + webhookPort + "/hook", "--alerts", alerts.toString()));
        if (redis) {
            args.addAll(List.of("--redis", "redis://127.0.0.1:" + redisPort + "/0", "--redis-prefix", "notifyit"));
        }
        args.add("../samples/trading-day");
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(
                args.toArray(String[]::new), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(err.toString()).doesNotContain("riskwatch:");
        return code;
    }

    private static List<String> ids(Path alertsFile) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(alertsFile)) {
            ids.add(JSON.readTree(line).get("alertId").asText());
        }
        return ids;
    }

    @Test
    void withRedisEveryAlertIsNotifiedOnceThroughTwoFailuresAndASecondReplayNotifiesNothing() throws Exception {
        int port = freePort();
        serve(port, n -> n <= 2 ? 500 : 200);
        assertThat(replay(dir.resolve("a/alerts.jsonl"), port, true)).isZero();
        List<String> expected = ids(dir.resolve("a/alerts.jsonl"));
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(notified).containsExactlyInAnyOrderElementsOf(expected);

        assertThat(replay(dir.resolve("b/alerts.jsonl"), port, true)).isZero();
        assertThat(notified).hasSameSizeAs(expected);

        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            assertThat(redis.scard("notifyit:notify:pending")).isZero();
            assertThat(redis.exists("notifyit:notify:failed")).isZero();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void withoutRedisEveryAlertIsNotifiedOnceThroughA429WithRetryAfter() throws Exception {
        int port = freePort();
        serve(port, n -> n == 1 ? 429 : 200);
        assertThat(replay(dir.resolve("alerts.jsonl"), port, false)).isZero();
        assertThat(notified).containsExactlyInAnyOrderElementsOf(ids(dir.resolve("alerts.jsonl")));
    }

    @Test
    void aWebhookDownForAWhileGetsEverythingOnceItIsBack() throws Exception {
        int port = freePort();
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(2500);
                serve(port, n -> 200);
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        later.start();
        assertThat(replay(dir.resolve("alerts.jsonl"), port, false)).isZero();
        later.join();
        assertThat(notified).containsExactlyInAnyOrderElementsOf(ids(dir.resolve("alerts.jsonl")));
    }
}
