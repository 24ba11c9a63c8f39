package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.testing.InProcessKafka;
import io.riskwatch.testing.LiveFeed;
import io.riskwatch.testing.LocalRedis;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live job whose Redis is away for longer than {@code redis.retryFor}: its writer fails, the job restarts from its
 * checkpoint with its restart strategy (instead of failing), and once Redis is there every alert of the sample day
 * is stored exactly once.
 */
class LiveRedisOutageITCase {
    @TempDir
    Path dir;

    @Test
    void aLiveJobRidesOutARedisOutageByRestarting() throws Exception {
        Path fromFiles = LiveFeed.replaySampleDay(dir);
        Set<String> expected = LiveFeed.alertIds(fromFiles);
        int redisPort = LocalRedis.freePort();
        int metricsPort;
        try (ServerSocket s = new ServerSocket(0)) {
            metricsPort = s.getLocalPort();
        }
        try (InProcessKafka kafka = new InProcessKafka()) {
            kafka.createTopics(KafkaInput.DEFAULT_TOPICS, 2);
            kafka.createTopics(List.of("riskwatch.dead-letters", "riskwatch.rules"), 1);
            Path yaml = dir.resolve("riskwatch.yaml");
            Files.writeString(yaml, "redis:\n  timeout: 1s\n  retryFor: 1s\n");
            JobSettings loaded = ConfigLoader.load(yaml, null);
            JobSettings settings = loaded.withKafka(loaded.kafka().withBootstrapServers(kafka.bootstrapServers()));
            StreamExecutionEnvironment env = JobEnvironment.live(2, settings.kafka(), null, metricsPort);
            JobClient job = LiveJobs.start(env, settings, redisPort, "live", "riskwatch live (Redis outage test)");
            try {
                kafka.produceSampleDay(Path.of("../samples/trading-day"));
                try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                    LiveFeed.ticks("2026-11-22T01:30:00Z", "end").forEach(producer::send);
                }
                // no Redis yet: the writers give up after a second, the job restarts, again and again
                LiveFeed.waitFor(Duration.ofSeconds(60), () -> restarts(metricsPort) >= 2);
                assertThat(job.getJobStatus().get()).isNotIn(JobStatus.FAILED, JobStatus.CANCELED);

                try (LocalRedis redis = LocalRedis.startOn(redisPort)) {
                    RedisClient client = RedisClient.create(redis.uri());
                    try (StatefulRedisConnection<String, String> c = client.connect()) {
                        LiveFeed.waitFor(
                                Duration.ofSeconds(120), () -> c.sync().xlen("live:alerts") >= expected.size());
                        Thread.sleep(1000); // anything extra would show up now
                        List<String> stored = new ArrayList<>();
                        c.sync()
                                .xrange("live:alerts", Range.create("-", "+"))
                                .forEach(m -> stored.add(m.getBody().get("alertId")));
                        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
                    } finally {
                        client.shutdown();
                    }
                    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    /** The job's restarts so far, as Prometheus would scrape them (0 when the reporter is not up yet). */
    private static long restarts(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.body()
                    .lines()
                    .filter(l -> l.startsWith("flink_jobmanager_job_numRestarts"))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .max()
                    .orElse(0);
        } catch (Exception e) {
            return 0;
        }
    }
}
