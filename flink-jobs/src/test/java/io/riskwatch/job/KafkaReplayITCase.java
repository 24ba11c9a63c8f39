package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.source.kafka.KafkaInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample day through a real KRaft broker (in-process), four topics of two partitions each, keyed as the
 * contract says, read by the Kafka source at parallelism 2: the same alerts as the file replay, and every
 * record read ends processed or dead-lettered (with {@code topic/partition@offset} sources).
 */
class KafkaReplayITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TOPIC_OF_FILE = Map.of("funds.jsonl", "riskwatch.funds",
            "orders.jsonl", "riskwatch.orders", "quotes.jsonl", "riskwatch.quotes",
            "reference.jsonl", "riskwatch.reference");
    private static KafkaClusterTestKit kafka;
    private static int produced;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafkaAndProduceTheSampleDay() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(KafkaInput.DEFAULT_TOPICS.stream().map(t -> new NewTopic(t, 2, (short) 1)).toList())
                    .all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (Map.Entry<String, String> f : TOPIC_OF_FILE.entrySet()) {
                for (String line : Files.readAllLines(Path.of("../samples/trading-day", f.getKey()))) {
                    if (line.isBlank()) {
                        continue;
                    }
                    producer.send(new ProducerRecord<>(f.getValue(), key(line), line.getBytes(StandardCharsets.UTF_8)));
                    produced++;
                }
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The contract's record key: the clientId, else the symbol (quote, security); none for unreadable lines. */
    private static String key(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n.hasNonNull("clientId")) {
                return n.get("clientId").asText();
            }
            return n.hasNonNull("symbol") ? n.get("symbol").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void theSampleDayFromKafkaGivesTheAlertsOfTheFileReplay() throws Exception {
        Path fromFiles = dir.resolve("files/alerts.jsonl");
        ReplayJob.Result files = ReplayJob.run(new ReplayJob.Request(List.of("../samples/trading-day"),
                ConfigLoader.defaults(), RuleCatalog.ids(), 2, fromFiles, fromFiles.resolveSibling("dead.jsonl")));

        Path fromKafka = dir.resolve("kafka/alerts.jsonl");
        ReplayJob.Result k = ReplayJob.run(new ReplayJob.Request(List.of(), ConfigLoader.defaults(), RuleCatalog.ids(),
                2, fromKafka, fromKafka.resolveSibling("dead.jsonl")).fromKafka(new KafkaInput(kafka.bootstrapServers(),
                KafkaInput.DEFAULT_TOPICS, "kafka-replay-it", Map.of(), true)));

        assertThat(k.read()).isEqualTo(produced);
        assertThat(k.balanced()).isTrue();
        assertThat(Files.readString(fromKafka)).isEqualTo(Files.readString(fromFiles));
        assertThat(files.alerts()).isEqualTo(k.alerts()).isPositive();
        assertThat(Files.readAllLines(fromKafka.resolveSibling("dead.jsonl")))
                .allSatisfy(d -> assertThat(JSON.readTree(d).get("source").asText()).matches("riskwatch\\.\\w+/[01]@\\d+"));
    }
}
