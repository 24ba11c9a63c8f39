package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.testing.InProcessKafka;
import io.riskwatch.testing.LiveFeed;
import io.riskwatch.testing.LocalRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * With the check of a ts against the clock off ({@code time.maxFuture: 0}, as the demo runs, feeding a generated
 * day ahead of time), a bad record hours ahead of the clock is dead-lettered and the dead letter reaches its topic:
 * the job's Kafka sinks stamp what they write with the time they write it. They used to stamp it with the event
 * time, which a broker refuses more than {@code message.timestamp.after.max.ms} (1 h by default) ahead of its
 * clock: the dead-letter sink failed and the job restarted over and over (the demo then stored no alert at all).
 */
class FutureTimestampITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    @Test
    void aTsHoursAheadOfTheClockIsDeadLetteredAndTheJobRunsOn() throws Exception {
        try (InProcessKafka kafka = new InProcessKafka();
                LocalRedis redis = LocalRedis.start()) {
            kafka.createTopics(KafkaInput.DEFAULT_TOPICS, 2);
            kafka.createTopics(List.of("riskwatch.dead-letters", "riskwatch.rules"), 1);
            JobSettings defaults = ConfigLoader.defaults();
            JobSettings settings = defaults.withKafka(defaults.kafka().withBootstrapServers(kafka.bootstrapServers()))
                    .withMaxFutureMillis(0);
            StreamExecutionEnvironment env = JobEnvironment.live(2, settings.kafka());
            JobClient job = LiveJobs.start(env, settings, redis.port(), "future", "riskwatch live (future ts)");
            try {
                Instant aheadAt = Instant.now().plus(5, ChronoUnit.HOURS);
                String ahead = TS.format(aheadAt.atOffset(ZoneOffset.ofHours(8)));
                String line = "{\"type\":\"transfer\",\"eventId\":\"t-ahead\",\"ts\":\"" + ahead
                        + "\",\"clientId\":\"C00001\",\"direction\":\"IN\",\"amount\":1000.00,\"channel\":\"BANK\"}";
                try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                    // the same event twice: the second is a duplicate, dead-lettered by a keyed operator, which
                    // emits it at the event's time
                    for (int i = 0; i < 2; i++) {
                        producer.send(new ProducerRecord<>(
                                        "riskwatch.funds", 0, "C00001", line.getBytes(StandardCharsets.UTF_8)))
                                .get();
                    }
                    // event time moves on only with data: a quote a minute later in every partition
                    String later = TS.format(aheadAt.plus(1, ChronoUnit.MINUTES).atOffset(ZoneOffset.ofHours(8)));
                    for (ProducerRecord<String, byte[]> tick : LiveFeed.ticks(later, "later")) {
                        producer.send(tick).get();
                    }
                }
                JsonNode dead = firstDeadLetter(kafka.bootstrapServers(), Duration.ofSeconds(60));
                assertThat(dead).as("a dead letter for t-ahead within 60 s").isNotNull();
                assertThat(dead.toString()).contains("t-ahead");
                assertThat(dead.path("reason").asText()).isEqualTo("duplicate_event");
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
        }
    }

    private static JsonNode firstDeadLetter(String bootstrap, Duration limit) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "future-check",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("riskwatch.dead-letters"));
            long deadline = System.nanoTime() + limit.toNanos();
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records.isEmpty() ? null : JSON.readTree(records.get(0).value());
        }
    }
}
