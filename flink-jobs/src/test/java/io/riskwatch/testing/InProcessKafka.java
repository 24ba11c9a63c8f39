package io.riskwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** A real single-node KRaft broker in this JVM (Kafka's own test kit), and the sample day produced into it. */
public final class InProcessKafka implements AutoCloseable {
    /** Which contract topic each sample file goes to. */
    public static final Map<String, String> TOPIC_OF_FILE = Map.of("funds.jsonl", "riskwatch.funds",
            "orders.jsonl", "riskwatch.orders", "quotes.jsonl", "riskwatch.quotes",
            "reference.jsonl", "riskwatch.reference");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaClusterTestKit kafka;

    public InProcessKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public void createTopics(List<String> topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
        }
    }

    public KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Produces every line of the sample day, keyed as the contract says, each record's Kafka timestamp its event
     * time (as a feed publishing at once; a line without a readable ts takes the one before it); returns how many
     * records.
     */
    public int produceSampleDay(Path sampleDir) throws Exception {
        int produced = 0;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Map.Entry<String, String> f : TOPIC_OF_FILE.entrySet()) {
                List<String> lines = Files.readAllLines(sampleDir.resolve(f.getKey())).stream()
                        .filter(l -> !l.isBlank()).toList();
                long[] times = LiveFeed.publishTimes(lines);
                for (int i = 0; i < lines.size(); i++) {
                    producer.send(new ProducerRecord<>(f.getValue(), null, times[i], key(lines.get(i)),
                            lines.get(i).getBytes(StandardCharsets.UTF_8)));
                    produced++;
                }
            }
            producer.flush();
        }
        return produced;
    }

    /** The contract's record key: the clientId, else the symbol (quote, security); none for unreadable lines. */
    public static String key(String line) {
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

    @Override
    public void close() throws Exception {
        kafka.close();
    }
}
