package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.testing.InProcessKafka;
import io.riskwatch.testing.LiveFeed;
import io.riskwatch.testing.LocalRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once alerts under failure: the sample day is fed through a real Kafka broker in three parts while the
 * live job runs at parallelism 2 on two TaskManagers; after each part a TaskManager running the job is killed
 * and a fresh one started as soon as the part's first alerts are in Redis, so the job recovers from its last
 * checkpoint and raises again what it had raised since. Redis and the transactional alerts topic (read
 * committed) must then hold exactly the alerts of an undisturbed file replay: none lost, none twice.
 */
class KillAndRecoverITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void killedThreeTimesRedisAndTheAlertsTopicHoldEveryAlertOnce() throws Exception {
        Set<String> expected = LiveFeed.alertIds(LiveFeed.replaySampleDay(dir));

        LocalRedis redisServer = LocalRedis.start();
        int redisPort = redisServer.port();
        Configuration clusterConf = new Configuration();
        clusterConf.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConf)
                .setNumTaskManagers(2)
                .setNumSlotsPerTaskManager(1)
                .build());
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (InProcessKafka kafka = new InProcessKafka()) {
            kafka.createTopics(KafkaInput.DEFAULT_TOPICS, 2);
            kafka.createTopics(List.of("riskwatch.dead-letters", "riskwatch.alerts", "riskwatch.rules"), 1);
            cluster.start();
            TestStreamEnvironment.setAsContext(cluster, 2);

            JobSettings defaults = ConfigLoader.defaults();
            JobSettings settings = defaults.withKafka(defaults.kafka()
                            .withBootstrapServers(kafka.bootstrapServers())
                            .withAlertsTopicEnabled(true)
                            .withCheckpointIntervalMillis(2000))
                    // no partition is ever idle here: event time is the slowest partition's, as in a file replay
                    .withIdlenessMillis(Duration.ofMinutes(10).toMillis());
            StreamExecutionEnvironment env = JobEnvironment.live(2, settings.kafka());
            LiveJob.build(
                    env,
                    new LiveJob.Request(
                            settings,
                            RuleCatalog.RULES.ids(),
                            2,
                            new ReplayJob.RedisTarget("redis://127.0.0.1:" + redisPort + "/0", "recover")));
            JobClient job = env.executeAsync("riskwatch live (kill and recover)");
            JobID id = job.getJobID();

            List<List<ProducerRecord<String, byte[]>>> parts =
                    LiveFeed.sampleDayInParts(Path.of("../samples/trading-day"), "10:30", "11:30", "13:30");
            try (StatefulRedisConnection<String, String> c = client.connect();
                    KafkaProducer<String, byte[]> producer = kafka.producer()) {
                RedisCommands<String, String> redis = c.sync();
                int nextTaskManager = 0;
                for (int part = 0; part < KILLS; part++) {
                    long storedBefore = redis.xlen("recover:alerts");
                    parts.get(part).forEach(producer::send);
                    producer.flush();
                    // kill as soon as this part's first alerts are in Redis, most likely before a checkpoint
                    // has the offsets they came from: the restarted job reads them and raises them again
                    LiveFeed.waitFor(Duration.ofSeconds(60), () -> redis.xlen("recover:alerts") > storedBefore);
                    cluster.terminateTaskManager(nextTaskManager++).get();
                    cluster.startTaskManager();
                    int restarts = part + 1;
                    LiveFeed.waitFor(Duration.ofSeconds(90), () -> allRunningAfterRestart(cluster, id, restarts));
                }
                parts.get(KILLS).forEach(producer::send);
                producer.flush();

                LiveFeed.waitFor(Duration.ofSeconds(120), () -> redis.xlen("recover:alerts") >= expected.size());
                Thread.sleep(1500); // anything extra would show up now
                List<String> stored = new ArrayList<>();
                redis.xrange("recover:alerts", Range.create("-", "+"))
                        .forEach(m -> stored.add(m.getBody().get("alertId")));
                assertThat(stored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
                assertThat(maxAttemptNumber(cluster, id))
                        .as("the job was restarted after every kill")
                        .isGreaterThanOrEqualTo(KILLS);
                // read while the job still runs: the alerts topic's last transaction commits with the next
                // checkpoint, which a cancel right after Redis filled up would never take
                assertThat(alertIds(kafka.bootstrapServers(), "read_committed", expected.size()))
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expected);
            } finally {
                job.cancel().get();
            }
            // the aborted transactions show that alerts were indeed raised twice: the sinks kept them once
            assertThat(alertIds(kafka.bootstrapServers(), "read_uncommitted", expected.size()))
                    .as("alerts raised again after a restart")
                    .hasSizeGreaterThan(expected.size());
        } finally {
            TestStreamEnvironment.unsetAsContext();
            client.shutdown();
            cluster.close();
            redisServer.close();
        }
    }

    private static List<String> alertIds(String bootstrap, String isolation, int expected) throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "alerts-check-" + isolation,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        isolation,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("riskwatch.alerts"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long quietUntil = 0;
            while (System.nanoTime() < deadline && (ids.size() < expected || System.nanoTime() < quietUntil)) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    ids.add(JSON.readTree(r.value()).get("alertId").asText());
                }
                if (ids.size() >= expected && quietUntil == 0) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return ids;
    }

    /** Every task running again in at least its {@code restarts}-th new attempt. */
    private static boolean allRunningAfterRestart(MiniCluster cluster, JobID id, int restarts) {
        try {
            AccessExecutionGraph graph = cluster.getExecutionGraph(id).get();
            for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
                if (v.getExecutionState() != ExecutionState.RUNNING
                        || v.getCurrentExecutionAttempt().getAttemptNumber() < restarts) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int maxAttemptNumber(MiniCluster cluster, JobID id) throws Exception {
        int max = 0;
        for (AccessExecutionVertex v : cluster.getExecutionGraph(id).get().getAllExecutionVertices()) {
            max = Math.max(max, v.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return max;
    }
}
