package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet spell in the middle of a live day (lunch break, the night): every input partition goes idle, the rules
 * topic is idle anyway, then trading resumes. The afternoon's alerts must still come. They did not while the rules
 * stream carried a watermark at the end of time: with every input idle it became the client operator's watermark,
 * and the timers that apply each client's events never fired again.
 */
class QuietInputITCase {
    @TempDir
    Path dir;

    @Test
    void alertsKeepComingAfterEveryInputPartitionWentIdle() throws Exception {
        Set<String> expected = LiveFeed.alertIds(LiveFeed.replaySampleDay(dir));
        List<List<ProducerRecord<String, byte[]>>> parts =
                LiveFeed.sampleDayInParts(Path.of("../samples/trading-day"), "12:00");

        LocalRedis redisServer = LocalRedis.start();
        int redisPort = redisServer.port();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (InProcessKafka kafka = new InProcessKafka();
                StatefulRedisConnection<String, String> c = client.connect()) {
            kafka.createTopics(KafkaInput.DEFAULT_TOPICS, LiveFeed.PARTITIONS);
            kafka.createTopics(List.of("riskwatch.dead-letters", "riskwatch.rules"), 1);
            JobSettings defaults = ConfigLoader.defaults();
            JobSettings settings = defaults.withKafka(defaults.kafka().withBootstrapServers(kafka.bootstrapServers()))
                    .withIdlenessMillis(
                            2_000); // short, for the test's sake; not so short that reading the backlog trips it
            StreamExecutionEnvironment env = JobEnvironment.live(2, settings.kafka());
            LiveJob.build(
                    env,
                    new LiveJob.Request(
                            settings,
                            RuleCatalog.RULES.ids(),
                            2,
                            new ReplayJob.RedisTarget("redis://127.0.0.1:" + redisPort + "/0", "quiet")));
            JobClient job = env.executeAsync("riskwatch live, quiet spell (test)");
            RedisCommands<String, String> redis = c.sync();
            try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                parts.get(0).forEach(producer::send);
                producer.flush();
                // the morning's alerts arrive while its last tick keeps the partitions active ...
                LiveFeed.waitFor(Duration.ofSeconds(90), () -> redis.xlen("quiet:alerts") > 0);
                // ... then nothing for many idleness timeouts: every input partition is idle
                Thread.sleep(6_000);
                long morning = redis.xlen("quiet:alerts");
                // trading resumes on every partition at once (as after a real break); only then the afternoon, sent
                // in a burst: a partition still idle when another one raced hours ahead would see its events late
                LiveFeed.ticks("2026-11-20T04:00:01Z", "resume").forEach(producer::send);
                producer.flush();
                Thread.sleep(1_000);
                parts.get(1).forEach(producer::send);
                producer.flush();
                LiveFeed.waitFor(Duration.ofSeconds(90), () -> redis.xlen("quiet:alerts") >= expected.size());
                Thread.sleep(1_000); // anything extra would show up now
                assertThat(morning).isLessThan(expected.size());
            } finally {
                job.cancel().get();
            }
            List<String> stored = new ArrayList<>();
            redis.xrange("quiet:alerts", Range.create("-", "+"))
                    .forEach(m -> stored.add(m.getBody().get("alertId")));
            assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            client.shutdown();
            redisServer.close();
        }
    }
}
