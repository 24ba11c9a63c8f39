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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode end to end at parallelism 2: the sample day produced into a real in-process Kafka broker, the
 * unbounded job reading it, every alert of the file replay arriving in a real Redis exactly once, the dead
 * letters in the dead-letter topic.
 */
class LiveJobITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InProcessKafka kafka;
    private static LocalRedis redisServer;
    private static int redisPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = new InProcessKafka();
        kafka.createTopics(KafkaInput.DEFAULT_TOPICS, 2);
        kafka.createTopics(List.of("riskwatch.dead-letters", "riskwatch.rules"), 1);
        redisServer = LocalRedis.start();
        redisPort = redisServer.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (redisServer != null) {
            redisServer.close();
        }
    }

    @Test
    void theSampleDayLiveFromKafkaLandsInRedisOnceEach() throws Exception {
        Path fromFiles = LiveFeed.replaySampleDay(dir);
        Set<String> expected = LiveFeed.alertIds(fromFiles);

        JobSettings defaults = ConfigLoader.defaults();
        JobSettings settings = defaults.withKafka(defaults.kafka().withBootstrapServers(kafka.bootstrapServers()));
        int metricsPort;
        try (ServerSocket s = new ServerSocket(0)) {
            metricsPort = s.getLocalPort();
        }
        StreamExecutionEnvironment env = JobEnvironment.live(2, settings.kafka(), null, metricsPort);
        JobClient job = LiveJobs.start(env, settings, redisPort, "live", "riskwatch live (test)");
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            kafka.produceSampleDay(Path.of("../samples/trading-day"));
            // event time moves on only with data: a quote a day later in every partition closes the sample day
            try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                LiveFeed.ticks("2026-11-22T01:30:00Z", "end").forEach(producer::send);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (redis.xlen("live:alerts") < expected.size() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1000); // anything extra would show up now
            List<String> stored = new ArrayList<>();
            redis.xrange("live:alerts", Range.create("-", "+"))
                    .forEach(m -> stored.add(m.getBody().get("alertId")));
            assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);

            // the same figures through Flink's metric system, as Prometheus scrapes them (Flink's reporter puts
            // the label keys into the name: alerts{rule,severity} is ..._operator_rule_severity_alerts)
            String metrics = scrape(metricsPort);
            Files.writeString(Path.of("target/live-metrics.txt"), metrics); // to read when this fails
            Map<String, Long> byRule = new TreeMap<>();
            for (String line : Files.readAllLines(fromFiles)) {
                JsonNode a = JSON.readTree(line);
                byRule.merge(a.get("rule").asText() + "/" + a.get("severity").asText(), 1L, Long::sum);
            }
            byRule.forEach((ruleSeverity, n) -> {
                String[] rs = ruleSeverity.split("/");
                assertThat(sum(
                                metrics,
                                "flink_taskmanager_job_task_operator_rule_severity_alerts",
                                "rule=\"" + rs[0] + "\"",
                                "severity=\"" + rs[1] + "\""))
                        .as(ruleSeverity)
                        .isEqualTo(n);
            });
            assertThat(sum(metrics, "flink_taskmanager_job_task_operator_type_events", "type=\"quote\""))
                    .isGreaterThan(1000);
            assertThat(sum(metrics, "flink_taskmanager_job_task_operator_reason_deadLetters", "reason="))
                    .isGreaterThanOrEqualTo(8);
            assertThat(sum(
                            metrics,
                            "flink_taskmanager_job_task_operator_version_rulesVersion",
                            // the reporter writes label values with _ for characters outside [A-Za-z0-9_]
                            "version=\"" + defaults.rules().version().replaceAll("[^A-Za-z0-9_]", "_") + "\""))
                    .isEqualTo(1);
            assertThat(metrics).contains("flink_taskmanager_job_task_operator_eventTimeLagMillis");
            // every metric the Grafana dashboard charts exists (notifier ones need a channel and suppressed ones a
            // suppressed alert; neither here)
            var names = Pattern.compile("flink_taskmanager_job_task_operator_\\w+")
                    .matcher(Files.readString(Path.of("../docs/grafana/riskwatch-dashboard.json")));
            Set<String> charted = new TreeSet<>();
            while (names.find()) {
                charted.add(names.group());
            }
            assertThat(charted)
                    .hasSizeGreaterThan(5)
                    .filteredOn(n -> !n.contains("_channel_notify") && !n.endsWith("alertsSuppressed"))
                    .allSatisfy(n -> assertThat(metrics).contains(n + "{"));
        } finally {
            job.cancel().get();
            client.shutdown();
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-check",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("riskwatch.dead-letters"));
            List<String> dead = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (dead.size() < 8 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> dead.add(r.value()));
            }
            // the sample's bad lines (the late line is judged per partition here, not per file)
            assertThat(dead)
                    .hasSizeGreaterThanOrEqualTo(8)
                    .allSatisfy(d ->
                            assertThat(JSON.readTree(d).get("source").asText()).startsWith("riskwatch."));
        }
    }

    private static String scrape(int port) throws Exception {
        var http = HttpClient.newHttpClient();
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum over all series of {@code metric} whose labels contain every one of {@code labels}. */
    private static long sum(String exposition, String metric, String... labels) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(metric + "{")) {
                continue;
            }
            String labelPart = line.substring(0, line.lastIndexOf('}') + 1);
            boolean all = true;
            for (String l : labels) {
                all &= labelPart.contains(l);
            }
            if (all) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(total);
    }
}
