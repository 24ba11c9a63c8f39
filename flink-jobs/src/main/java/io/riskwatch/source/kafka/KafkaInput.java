package io.riskwatch.source.kafka;

import io.riskwatch.config.JobSettings;
import io.riskwatch.model.SourceRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * The contract's input topics read with the Flink Kafka connector: one source over all topics, offsets kept in
 * checkpoints, event time per partition (bounded out-of-orderness = the settings' bound plus allowed lateness,
 * idle partitions stop holding event time back after the idleness timeout).
 *
 * @param topics the input topics (funds, orders, quotes, reference)
 * @param properties Kafka client properties passed through (e.g. {@code security.protocol}, SASL, SSL)
 * @param bounded read from the earliest offsets to those that are latest when the job starts (replays, tests)
 * @param fromMillis bounded only: start each partition at its first record whose Kafka timestamp is at or after
 *     this (epoch ms), null: at the earliest
 * @param toMillis bounded only: stop each partition before its first record whose Kafka timestamp is at or after
 *     this, null: at the offsets that are latest when the job starts
 */
public record KafkaInput(String bootstrapServers, List<String> topics, String groupId, Map<String, String> properties,
        boolean bounded, Long fromMillis, Long toMillis) {

    public KafkaInput(String bootstrapServers, List<String> topics, String groupId, Map<String, String> properties,
            boolean bounded) {
        this(bootstrapServers, topics, groupId, properties, bounded, null, null);
    }

    public KafkaInput {
        if (!bounded && (fromMillis != null || toMillis != null)) {
            throw new IllegalArgumentException("a time range needs a bounded read");
        }
        if (fromMillis != null && toMillis != null && fromMillis >= toMillis) {
            throw new IllegalArgumentException("the range's start must be before its end");
        }
    }

    /** A replay of what the topics hold for {@code [fromMillis, toMillis)} of Kafka record time. */
    public static KafkaInput range(String bootstrapServers, List<String> topics, String groupId,
            Map<String, String> properties, Long fromMillis, Long toMillis) {
        return new KafkaInput(bootstrapServers, topics, groupId, properties, true, fromMillis, toMillis);
    }

    /** The contract's default input topics (section 6). */
    public static final List<String> DEFAULT_TOPICS =
            List.of("riskwatch.funds", "riskwatch.orders", "riskwatch.quotes", "riskwatch.reference");

    public KafkaSource<SourceRecord> source(int maxRecordBytes) {
        Properties props = new Properties();
        props.putAll(properties);
        KafkaSourceBuilder<SourceRecord> b = KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topics)
                .setGroupId(groupId)
                .setProperties(props)
                // a replay reads everything there is; a live job resumes from its group's committed offsets
                // (checkpoints restore their own offsets either way)
                .setStartingOffsets(!bounded
                        ? OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
                        : fromMillis != null ? OffsetsInitializer.timestamp(fromMillis) : OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecordParser(maxRecordBytes));
        if (bounded) {
            // offsets by timestamp: the log does not change, so the same range reads the same records every time
            b.setBounded(toMillis != null ? OffsetsInitializer.timestamp(toMillis) : OffsetsInitializer.latest());
        }
        return b.build();
    }

    /** Per partition: the out-of-orderness bound plus the allowed lateness, and the idleness timeout. */
    public static WatermarkStrategy<SourceRecord> watermarks(JobSettings settings) {
        return WatermarkStrategy.<SourceRecord>forBoundedOutOfOrderness(Duration.ofMillis(settings.lateAfterMillis()))
                .withIdleness(settings.idleness())
                // dead letters carry no event time; they neither move nor hold back the watermark
                .withTimestampAssigner((r, previous) -> r.event() != null ? r.event().ts() : Long.MIN_VALUE);
    }
}
