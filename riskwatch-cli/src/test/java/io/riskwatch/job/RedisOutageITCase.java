package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.riskwatch.cli.ReplayCommand;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.source.ReadListener;
import io.riskwatch.testing.LocalRedis;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay into Redis while Redis goes away (contract: the files are complete whatever Redis does). A real
 * redis-server with an append-only file is stopped while the replay runs: started again within {@code
 * redis.retryFor}, every alert is in Redis exactly once; stopped for good, the files are still complete, the
 * command says so in one line naming the host and exits 3; down from the start, it exits 2.
 */
class RedisOutageITCase {
    private static final String SAMPLE = "../samples/trading-day";
    /** Called by the source as it reads (a listener travels with the job; this static finds the test again). */
    private static final AtomicReference<LongConsumer> AT_RECORD = new AtomicReference<>();

    @TempDir
    Path dir;

    /** Tells the test how far the source has read. */
    private static final class Hook implements ReadListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void readTo(long recordsSoFar, long bytesSoFar) {
            LongConsumer c = AT_RECORD.get();
            if (c != null) {
                c.accept(recordsSoFar);
            }
        }
    }

    /** Counts the alerts Redis holds, from the test's own connection (0 once Redis is gone). */
    private static final class Probe implements AutoCloseable {
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;

        Probe(String uri) {
            client = RedisClient.create(uri);
            connection = client.connect();
        }

        long alertsStored() {
            try {
                return connection.sync().xlen("riskwatch:alerts");
            } catch (RuntimeException e) {
                return 0;
            }
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JobSettings settings(String retryFor) throws IOException {
        Path yaml = dir.resolve("riskwatch.yaml");
        Files.writeString(yaml, "redis:\n  timeout: 1s\n  retryFor: " + retryFor + "\n");
        return ConfigLoader.load(yaml, null);
    }

    private ReplayJob.Result replay(JobSettings settings, String uri, Path out) throws Exception {
        return ReplayJob.run(
                new ReplayJob.Request(
                        List.of(SAMPLE),
                        settings,
                        RuleCatalog.RULES.ids(),
                        2,
                        out.resolve("alerts.jsonl"),
                        out.resolve("dead-letters.jsonl"),
                        out.resolve("suppressed.jsonl"),
                        new ReplayJob.RedisTarget(uri, "riskwatch"),
                        null),
                new Hook());
    }

    /** The replay without Redis: what the files must hold whatever Redis does. */
    private List<String> expectedAlerts() throws Exception {
        Path out = dir.resolve("no-redis");
        ReplayJob.run(new ReplayJob.Request(
                List.of(SAMPLE),
                ConfigLoader.defaults(),
                RuleCatalog.RULES.ids(),
                2,
                out.resolve("alerts.jsonl"),
                out.resolve("dead-letters.jsonl")));
        return Files.readAllLines(out.resolve("alerts.jsonl"));
    }

    private static List<String> ids(List<String> alertLines) {
        return alertLines.stream()
                .map(l -> l.replaceAll(".*\"alertId\":\"([^\"]+)\".*", "$1"))
                .sorted()
                .toList();
    }

    @Test
    void redisStoppedMidReplayAndStartedAgainWithinTheRetryTimeHoldsEveryAlertOnce() throws Exception {
        List<String> expected = expectedAlerts();
        assertThat(expected).hasSize(41);
        Path data = Files.createDirectories(dir.resolve("redis-data"));
        try (LocalRedis redis = LocalRedis.startPersistent(data);
                Probe probe = new Probe(redis.uri())) {
            CompletableFuture<Void> restarted = new CompletableFuture<>();
            AtomicLong storedAtStop = new AtomicLong(-1);
            AT_RECORD.set(records -> {
                // the reader waits a little at each report, so event time and alerts move on meanwhile
                sleep(40);
                long stored = probe.alertsStored();
                if (stored >= 1 && AT_RECORD.getAndSet(null) != null) {
                    storedAtStop.set(stored);
                    try {
                        redis.stop(); // from the reader's thread: the rest of the day meets no Redis
                    } catch (IOException e) {
                        restarted.completeExceptionally(e);
                        return;
                    }
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    redis.startAgain();
                                    restarted.complete(null);
                                } catch (IOException e) {
                                    restarted.completeExceptionally(e);
                                }
                            },
                            CompletableFuture.delayedExecutor(4, TimeUnit.SECONDS));
                }
            });
            Path out = dir.resolve("restarted");
            ReplayJob.Result r = replay(settings("30s"), redis.uri(), out);
            restarted.get(30, TimeUnit.SECONDS);

            assertThat(Files.readAllLines(out.resolve("alerts.jsonl"))).isEqualTo(expected);
            assertThat(r.balanced()).isTrue();
            assertThat(storedAtStop.get()).as("alerts in Redis when it stopped").isBetween(1L, 36L);
            assertThat(r.redis().outages()).as("the writers met the outage").isPositive();
            assertThat(r.redis().complete()).isTrue();
            assertThat(r.redis().alertsNotStored()).isZero();
            StringWriter err = new StringWriter();
            assertThat(ReplayCommand.redisExit(r.redis(), new PrintWriter(err, true)))
                    .isZero();
            assertThat(err.toString()).isEmpty();

            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                List<StreamMessage<String, String>> stream =
                        c.sync().xread(XReadArgs.StreamOffset.from("riskwatch:alerts", "0"));
                List<String> streamIds = stream.stream()
                        .map(m -> m.getBody().get("alertId"))
                        .sorted()
                        .collect(Collectors.toList());
                assertThat(streamIds).as("one stream entry per alert").isEqualTo(ids(expected));
                assertThat(c.sync().zcard("riskwatch:open")).isEqualTo(41);
                for (String id : ids(expected)) {
                    assertThat(c.sync().hget("riskwatch:alert:" + id, "json")).isNotNull();
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void redisStoppedForGoodLeavesCompleteFilesOneLineAndExitCode3() throws Exception {
        List<String> expected = expectedAlerts();
        try (LocalRedis redis = LocalRedis.start();
                Probe probe = new Probe(redis.uri())) {
            AT_RECORD.set(records -> {
                sleep(40);
                if (probe.alertsStored() >= 1 && AT_RECORD.getAndSet(null) != null) {
                    try {
                        redis.stop();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            Path out = dir.resolve("gone");
            ReplayJob.Result r = replay(settings("3s"), redis.uri(), out);

            assertThat(Files.readAllLines(out.resolve("alerts.jsonl"))).isEqualTo(expected);
            assertThat(Files.readAllLines(out.resolve("dead-letters.jsonl"))).hasSize(9);
            assertThat(r.balanced()).isTrue();
            assertThat(r.redis().reached()).isTrue();
            assertThat(r.redis().complete()).isFalse();
            assertThat(r.redis().alertsNotStored()).isBetween(1L, 37L);
            StringWriter err = new StringWriter();
            assertThat(ReplayCommand.redisExit(r.redis(), new PrintWriter(err, true)))
                    .isEqualTo(3);
            assertThat(err.toString().lines())
                    .singleElement()
                    .asString()
                    .contains("Redis at 127.0.0.1:" + redis.port())
                    .contains("did not answer for 3s")
                    .contains(r.redis().alertsNotStored() + " alert(s)")
                    .contains("files are complete");
        }
    }

    @Test
    void redisDownFromTheStartStillWritesTheFilesAndExits2() throws Exception {
        List<String> expected = expectedAlerts();
        int port = LocalRedis.freePort();
        Path out = dir.resolve("never");
        ReplayJob.Result r = replay(settings("2s"), "redis://127.0.0.1:" + port, out);

        assertThat(Files.readAllLines(out.resolve("alerts.jsonl"))).isEqualTo(expected);
        assertThat(r.redis().reached()).isFalse();
        assertThat(r.redis().alertsNotStored()).isEqualTo(41);
        StringWriter err = new StringWriter();
        assertThat(ReplayCommand.redisExit(r.redis(), new PrintWriter(err, true)))
                .isEqualTo(2);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .contains("Redis at 127.0.0.1:" + port)
                .contains("Connection refused")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }
}
