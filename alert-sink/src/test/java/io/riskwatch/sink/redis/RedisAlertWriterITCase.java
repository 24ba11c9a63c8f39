package io.riskwatch.sink.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The Redis writer against a real redis-server (the binary shipped by embedded-redis). */
class RedisAlertWriterITCase {
    private static RedisServer server;
    private static int port;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;
    private final RedisLayout layout = new RedisLayout("rwtest");

    @BeforeAll
    static void start() throws IOException {
        port = freePort();
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
    void empty() {
        redis.flushall();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Alert alert(String id, Severity severity, long tsMillis, String client, Audience audience) {
        return new Alert(
                id,
                "RULE",
                severity,
                audience,
                client,
                "B7",
                null,
                tsMillis,
                "2026-11-20T09:30:00.000+08:00",
                "summary of " + id,
                List.of("e-" + id),
                "{\"amount\":1.00}",
                "v1",
                "[{\"type\":\"transfer\",\"eventId\":\"e-" + id + "\",\"amount\":1.00}]");
    }

    private RedisAlertWriter writer(int batchSize, SimpleCounter written, SimpleCounter already) throws IOException {
        return new RedisAlertWriter(
                "redis://127.0.0.1:" + port, null, layout, 1000, batchSize, Duration.ofSeconds(5), written, already);
    }

    private void writeAll(List<Alert> alerts, int batchSize, SimpleCounter written, SimpleCounter already)
            throws Exception {
        try (RedisAlertWriter w = writer(batchSize, written, already)) {
            for (Alert a : alerts) {
                w.write(a, null);
            }
            w.flush(true);
        }
    }

    /** A processing-time service whose clock and timers the test drives. */
    private static final class ManualTimers implements ProcessingTimeService {
        long now;
        final List<long[]> at = new ArrayList<>();
        final List<ProcessingTimeCallback> callbacks = new ArrayList<>();

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback callback) {
            at.add(new long[] {time});
            callbacks.add(callback);
            return null;
        }

        void advanceTo(long time) throws Exception {
            now = time;
            for (int i = 0; i < callbacks.size(); i++) {
                if (at.get(i)[0] <= time && at.get(i)[0] != Long.MAX_VALUE) {
                    at.get(i)[0] = Long.MAX_VALUE;
                    callbacks.get(i).onProcessingTime(time);
                }
            }
        }
    }

    @Test
    void aStartedBatchReachesRedisAfterTheLingerNotAtTheNextCheckpoint() throws Exception {
        ManualTimers timers = new ManualTimers();
        timers.now = 1_000;
        try (RedisAlertWriter w =
                writer(1000, new SimpleCounter(), new SimpleCounter()).linger(timers, Duration.ofMillis(10))) {
            w.write(alert("L-1", Severity.HIGH, 1_000, "C1", Audience.RISK), null);
            w.write(alert("L-2", Severity.HIGH, 1_001, "C1", Audience.RISK), null);
            timers.advanceTo(1_009);
            assertThat(redis.xlen(layout.alerts())).as("still lingering").isZero();
            timers.advanceTo(1_010);
            assertThat(redis.xlen(layout.alerts())).isEqualTo(2);
            // the next alert starts a new batch with its own deadline; the old timer does not send it early
            w.write(alert("L-3", Severity.HIGH, 1_002, "C1", Audience.RISK), null);
            timers.advanceTo(1_019);
            assertThat(redis.xlen(layout.alerts())).isEqualTo(2);
            timers.advanceTo(1_020);
            assertThat(redis.xlen(layout.alerts())).isEqualTo(3);
            assertThat(timers.callbacks).hasSize(2);
        }
    }

    @Test
    void writesTheContractsLayoutOnceEvenWhenWrittenTwice() throws Exception {
        List<Alert> alerts = List.of(
                alert("A-old-high", Severity.HIGH, 1_000, "C1", Audience.RISK),
                alert("A-new-medium", Severity.MEDIUM, 3_000, "C1", Audience.RISK),
                alert("A-new-high", Severity.HIGH, 2_000, "C2", Audience.BROKER));
        List<String> live = new CopyOnWriteArrayList<>();
        StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                live.add(message);
            }
        });
        sub.sync().subscribe(layout.live());

        SimpleCounter written = new SimpleCounter();
        SimpleCounter already = new SimpleCounter();
        writeAll(alerts, 2, written, already);
        writeAll(alerts, 2, written, already); // a replay: changes nothing

        assertThat(written.getCount()).isEqualTo(3);
        assertThat(already.getCount()).isEqualTo(3);
        assertThat(redis.xlen(layout.alerts())).isEqualTo(3);
        assertThat(redis.xrange(layout.alerts(), Range.create("-", "+")))
                .extracting(m -> m.getBody().keySet())
                .allSatisfy(fields -> assertThat(fields)
                        .containsExactlyInAnyOrder("alertId", "rule", "severity", "clientId", "json"));
        assertThat(redis.hgetall(layout.alert("A-new-high")))
                .containsEntry("status", "OPEN")
                .containsEntry("severity", "HIGH")
                .containsEntry("audience", "BROKER")
                .containsEntry("clientId", "C2")
                .containsEntry("evidence", "[\"e-A-new-high\"]")
                .containsEntry(
                        "evidenceEvents", "[{\"type\":\"transfer\",\"eventId\":\"e-A-new-high\",\"amount\":1.00}]")
                .containsKey("json");
        // higher severity first, then newer
        assertThat(redis.zrevrange(layout.open(), 0, -1)).containsExactly("A-new-high", "A-old-high", "A-new-medium");
        assertThat(redis.zrange(layout.client("C1"), 0, -1)).containsExactly("A-old-high", "A-new-medium");
        assertThat(redis.xlen(layout.broker("B7"))).isEqualTo(1); // only the BROKER-audience alert
        Thread.sleep(200);
        assertThat(live).hasSize(3);
        sub.close();
    }

    @Test
    void survivesRedisForgettingItsScriptCache() throws Exception {
        SimpleCounter written = new SimpleCounter();
        try (RedisAlertWriter w = writer(10, written, new SimpleCounter())) {
            w.write(alert("before", Severity.LOW, 1, "C1", Audience.RISK), null);
            w.flush(false);
            redis.scriptFlush();
            w.write(alert("after", Severity.LOW, 2, "C1", Audience.RISK), null);
            w.flush(false);
        }
        assertThat(written.getCount()).isEqualTo(2);
        assertThat(redis.xlen(layout.alerts())).isEqualTo(2);
    }

    @Test
    void pipelinesBatchesLargerThanTheBatchSize() throws Exception {
        List<Alert> many = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            many.add(alert("M-" + i, Severity.MEDIUM, i, "C" + (i % 50), Audience.RISK));
        }
        SimpleCounter written = new SimpleCounter();
        writeAll(many, 1_000, written, new SimpleCounter());
        assertThat(written.getCount()).isEqualTo(2_500);
        assertThat(redis.zcard(layout.open())).isEqualTo(2_500);
        assertThat(redis.xlen(layout.alerts())).isBetween(1_000L, 2_500L); // approximate MAXLEN 1000 trims
    }

    @Test
    void anUnreachableRedisIsAClearError() throws IOException {
        int closed = freePort();
        assertThatThrownBy(() -> new RedisAlertWriter(
                        "redis://127.0.0.1:" + closed,
                        null,
                        layout,
                        10,
                        10,
                        Duration.ofSeconds(2),
                        new SimpleCounter(),
                        new SimpleCounter()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Redis at 127.0.0.1:" + closed + " did not answer")
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("while connecting");
    }

    @Test
    void theBuilderRefusesAPasswordInTheUri() {
        assertThatThrownBy(() -> RedisAlertSink.builder()
                        .uri("redis://:secret@127.0.0.1:6379/0")
                        .build())
                .hasMessageContaining("environment variable");
        assertThatThrownBy(() -> RedisAlertSink.builder().uri("http://x").build())
                .hasMessageContaining("redis://");
    }
}
