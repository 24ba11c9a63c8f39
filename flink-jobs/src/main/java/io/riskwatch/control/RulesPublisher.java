package io.riskwatch.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes a rules file to the rules topic: key = version, value = the file, header = effective time. */
public final class RulesPublisher {
    private RulesPublisher() {}

    /**
     * @param effective when the version applies (event time); null: from its publication
     * @return where it landed
     */
    public static RecordMetadata publish(
            String bootstrap,
            Map<String, String> clientProperties,
            String topic,
            String version,
            String text,
            Instant effective)
            throws InterruptedException {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, version, text.getBytes(StandardCharsets.UTF_8));
            if (effective != null) {
                record.headers()
                        .add(RulesTopic.EFFECTIVE_HEADER, effective.toString().getBytes(StandardCharsets.UTF_8));
            }
            return producer.send(record).get(40, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "cannot connect to Kafka at " + bootstrap + " to publish to " + topic
                            + " (is it running, does the topic exist?): " + cause.getMessage(),
                    cause);
        }
    }
}
