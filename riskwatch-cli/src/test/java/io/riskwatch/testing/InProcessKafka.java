package io.riskwatch.testing;

import io.riskwatch.cli.demo.EmbeddedKafka;
import io.riskwatch.cli.demo.MarketFeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A real single-node KRaft broker in this JVM ({@link EmbeddedKafka}), and the sample day produced into it. */
public final class InProcessKafka implements AutoCloseable {
    /** Which contract topic each sample file goes to. */
    public static final Map<String, String> TOPIC_OF_FILE = MarketFeed.TOPIC_OF_FILE;

    private final EmbeddedKafka kafka;

    public InProcessKafka() throws Exception {
        kafka = new EmbeddedKafka();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public void createTopics(List<String> topics, int partitions) throws Exception {
        kafka.createTopics(topics, partitions);
    }

    public KafkaProducer<String, byte[]> producer() {
        return kafka.producer();
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
                        .filter(l -> !l.isBlank())
                        .toList();
                long[] times = LiveFeed.publishTimes(lines);
                for (int i = 0; i < lines.size(); i++) {
                    producer.send(new ProducerRecord<>(
                            f.getValue(),
                            null,
                            times[i],
                            key(lines.get(i)),
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
        return MarketFeed.key(line);
    }

    @Override
    public void close() throws Exception {
        kafka.close();
    }
}
