package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.config.KafkaSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.testing.InProcessKafka;
import io.riskwatch.testing.LiveFeed;
import io.riskwatch.testing.LocalRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop-with-savepoint and restart keep all state: the live job on the RocksDB state backend reads the sample
 * day until 11:30 (alerts to the Redis prefix {@code before}), is stopped with a savepoint, and a new job
 * started from it reads the rest (prefix {@code after}). {@code after} must hold exactly the file replay's
 * alerts from 11:30 on, among them those that need the morning's state (the turning point's trailing high and
 * direction, the day's cumulative transfers): a job that lost its state, or read the morning again, fails.
 */
class StopWithSavepointITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUT = "11:30";

    @TempDir
    Path dir;

    @Test
    void aJobRestartedFromItsSavepointRaisesExactlyTheRestOfTheDay() throws Exception {
        Path fromFiles = dir.resolve("files/alerts.jsonl");
        ReplayJob.run(new ReplayJob.Request(
                List.of("../samples/trading-day"),
                ConfigLoader.defaults(),
                RuleCatalog.RULES.ids(),
                2,
                fromFiles,
                fromFiles.resolveSibling("dead.jsonl")));
        long cut = OffsetDateTime.parse("2026-11-20T" + CUT + ":00+08:00")
                .toInstant()
                .toEpochMilli();
        Set<String> morning = new HashSet<>();
        Set<String> afternoon = new HashSet<>();
        for (String line : Files.readAllLines(fromFiles)) {
            JsonNode a = JSON.readTree(line);
            (LiveFeed.ts(line, Long.MIN_VALUE) < cut ? morning : afternoon)
                    .add(a.get("alertId").asText());
        }
        assertThat(morning).isNotEmpty();
        assertThat(afternoon).isNotEmpty();

        LocalRedis redisServer = LocalRedis.start();
        int redisPort = redisServer.port();
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (InProcessKafka kafka = new InProcessKafka();
                StatefulRedisConnection<String, String> c = client.connect();
                KafkaProducer<String, byte[]> producer = kafka.producer()) {
            kafka.createTopics(KafkaInput.DEFAULT_TOPICS, LiveFeed.PARTITIONS);
            kafka.createTopics(List.of("riskwatch.dead-letters", "riskwatch.rules"), 1);
            cluster.start();
            TestStreamEnvironment.setAsContext(cluster, 2);
            RedisCommands<String, String> redis = c.sync();
            JobSettings defaults = ConfigLoader.defaults();
            JobSettings settings = defaults.withKafka(defaults.kafka()
                            .withBootstrapServers(kafka.bootstrapServers())
                            .withCheckpointIntervalMillis(1000)
                            .withState(dir.resolve("checkpoints").toUri().toString(), KafkaSettings.ROCKSDB))
                    .withIdlenessMillis(Duration.ofMinutes(10).toMillis());
            List<List<ProducerRecord<String, byte[]>>> parts =
                    LiveFeed.sampleDayInParts(Path.of("../samples/trading-day"), CUT);

            JobID first = start(settings, redisPort, "before", null);
            parts.get(0).forEach(producer::send);
            producer.flush();
            LiveFeed.waitFor(Duration.ofSeconds(90), () -> redis.xlen("before:alerts") >= morning.size());
            // RocksDB's incremental checkpoints keep their SST files in shared/ (the heap backend writes none); the
            // alerts may be in Redis before the first checkpoint (every second) has completed
            Path shared =
                    dir.resolve("checkpoints").resolve(first.toHexString()).resolve("shared");
            LiveFeed.waitFor(Duration.ofSeconds(30), () -> {
                try (var files = Files.list(shared)) {
                    return files.findAny().isPresent();
                } catch (IOException notYet) {
                    return false;
                }
            });
            String savepoint = cluster.stopWithSavepoint(
                            first, dir.resolve("savepoints").toUri().toString(), false, SavepointFormatType.CANONICAL)
                    .get();

            JobID second = start(settings, redisPort, "after", savepoint);
            parts.get(1).forEach(producer::send);
            producer.flush();
            LiveFeed.waitFor(Duration.ofSeconds(90), () -> redis.xlen("after:alerts") >= afternoon.size());
            Thread.sleep(1500); // anything extra would show up now
            cluster.cancelJob(second).get();

            assertThat(ids(redis, "before:alerts")).containsExactlyInAnyOrderElementsOf(morning);
            assertThat(ids(redis, "after:alerts"))
                    .containsExactlyInAnyOrderElementsOf(afternoon)
                    .anyMatch(id -> id.startsWith("HOLDING_TURNING_POINT"));
        } finally {
            TestStreamEnvironment.unsetAsContext();
            client.shutdown();
            cluster.close();
            redisServer.close();
        }
    }

    private static JobID start(JobSettings settings, int redisPort, String prefix, String savepoint) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.live(2, settings.kafka(), savepoint, 0);
        return LiveJobs.start(env, settings, redisPort, prefix, "riskwatch live (" + prefix + ")")
                .getJobID();
    }

    private static List<String> ids(RedisCommands<String, String> redis, String stream) {
        List<String> ids = new ArrayList<>();
        redis.xrange(stream, Range.create("-", "+"))
                .forEach(m -> ids.add(m.getBody().get("alertId")));
        return ids;
    }
}
