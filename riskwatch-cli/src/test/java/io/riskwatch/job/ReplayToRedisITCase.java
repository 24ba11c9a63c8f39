package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.cli.Riskwatch;
import io.riskwatch.testing.LocalRedis;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay --redis}: every alert arrives exactly once in a real Redis, and a second replay changes nothing. */
class ReplayToRedisITCase {
    private static LocalRedis server;
    private static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = LocalRedis.start();
        port = server.port();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private int replay(Path alerts) {
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(
                new String[] {
                    "replay",
                    "--redis",
                    "redis://127.0.0.1:" + port + "/0",
                    "--redis-prefix",
                    "itest",
                    "--alerts",
                    alerts.toString(),
                    "../samples/trading-day"
                },
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(err.toString()).doesNotContain("riskwatch:");
        return code;
    }

    /** Everything a replay can change in Redis under the prefix, by key. */
    private static Map<String, Object> snapshot(RedisCommands<String, String> redis) {
        Map<String, Object> state = new TreeMap<>();
        for (String key : redis.keys("itest:*")) {
            switch (redis.type(key)) {
                case "stream" -> state.put(key, redis.xlen(key));
                case "hash" -> state.put(key, redis.hgetall(key));
                case "zset" -> state.put(key, redis.zrangeWithScores(key, 0, -1).toString());
                default -> state.put(key, redis.type(key));
            }
        }
        return state;
    }

    @Test
    void everyAlertArrivesOnceAndASecondReplayChangesNothing() throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(replay(dir.resolve("a/alerts.jsonl"))).isZero();
            List<String> alerts = Files.readAllLines(dir.resolve("a/alerts.jsonl"));
            assertThat(alerts).hasSizeGreaterThan(10);
            assertThat(redis.xlen("itest:alerts")).isEqualTo(alerts.size());
            assertThat(redis.zcard("itest:open")).isEqualTo(alerts.size());
            assertThat(redis.keys("itest:alert:*")).hasSize(alerts.size());
            // every alert's evidence events are its evidence, event by event, in the file and in its Redis hash
            for (String line : alerts) {
                JsonNode a = AlertJson.mapper().readTree(line);
                List<String> evidence = texts(a.get("evidence"), null);
                assertThat(texts(a.get("evidenceEvents"), "eventId")).as(line).isEqualTo(evidence);
                Map<String, String> hash =
                        redis.hgetall("itest:alert:" + a.get("alertId").asText());
                JsonNode stored = AlertJson.mapper().readTree(hash.get("evidenceEvents"));
                assertThat(stored).isEqualTo(a.get("evidenceEvents"));
                assertThat(texts(stored, "eventId")).isEqualTo(evidence);
            }
            Map<String, Object> first = snapshot(redis);

            assertThat(replay(dir.resolve("b/alerts.jsonl"))).isZero();
            assertThat(snapshot(redis)).isEqualTo(first);
        } finally {
            client.shutdown();
        }
    }

    /** The array's elements as text, or one field of each. */
    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(field == null ? e.asText() : e.path(field).asText()));
        return out;
    }

    @Test
    void aPasswordInTheUriIsRefusedBeforeAnythingRuns() {
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(
                new String[] {
                    "replay",
                    "--redis",
                    "redis://:secret@127.0.0.1:" + port,
                    "--alerts",
                    dir.resolve("x.jsonl").toString(),
                    "../samples/trading-day"
                },
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .hasLineCount(1)
                .contains("environment variable")
                .doesNotContain("secret");
    }
}
