package io.riskwatch.source.kafka;

import io.riskwatch.config.JobSettings;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.source.ReadListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

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
public record KafkaInput(
        String bootstrapServers,
        List<String> topics,
        String groupId,
        Map<String, String> properties,
        boolean bounded,
        Long fromMillis,
        Long toMillis) {

    public KafkaInput(
            String bootstrapServers,
            List<String> topics,
            String groupId,
            Map<String, String> properties,
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
    public static KafkaInput range(
            String bootstrapServers,
            List<String> topics,
            String groupId,
            Map<String, String> properties,
            Long fromMillis,
            Long toMillis) {
        return new KafkaInput(bootstrapServers, topics, groupId, properties, true, fromMillis, toMillis);
    }

    /** The contract's default input topics (section 6). */
    public static final List<String> DEFAULT_TOPICS =
            List.of("riskwatch.funds", "riskwatch.orders", "riskwatch.quotes", "riskwatch.reference");

    public KafkaSource<SourceRecord> source(int maxRecordBytes) {
        return source(maxRecordBytes, 0, null);
    }

    /**
     * @param maxFutureMillis {@code time.maxFuture}: live (unbounded) only, a record more than this ahead of this
     *     machine's clock is {@code implausible_ts}; 0 = off
     * @param listener told of every record read (a replay's progress), or null
     */
    public KafkaSource<SourceRecord> source(int maxRecordBytes, long maxFutureMillis, ReadListener listener) {
        Properties props = new Properties();
        props.putAll(properties);
        KafkaSourceBuilder<SourceRecord> b = KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topics)
                .setGroupId(groupId)
                .setProperties(props)
                // a replay reads everything there is; a live job resumes from its group's committed offsets
                // (checkpoints restore their own offsets either way)
                .setStartingOffsets(
                        !bounded
                                ? OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)
                                : fromMillis != null
                                        ? OffsetsInitializer.timestamp(fromMillis)
                                        : OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecordParser(
                        maxRecordBytes, bounded ? 0 : maxFutureMillis, KafkaRecordParser.SYSTEM_CLOCK, listener));
        if (bounded) {
            // offsets by timestamp: the log does not change, so the same range reads the same records every time
            b.setBounded(toMillis != null ? OffsetsInitializer.timestamp(toMillis) : OffsetsInitializer.latest());
        }
        return b.build();
    }

    /**
     * Bounded only: how many records the range holds, by the partitions' offsets now (the end offset minus the
     * start offset of each, as the source will pick them), for a replay's progress bar. A partition with no record
     * at or after a bound uses its end offset, as {@link OffsetsInitializer#timestamp} does.
     */
    public long plannedRecords(Duration timeout) throws Exception {
        if (!bounded) {
            throw new IllegalStateException("an unbounded read has no planned size");
        }
        Properties props = new Properties();
        props.putAll(properties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((topic, d) ->
                            d.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest(), timeout);
            Map<TopicPartition, Long> from = offsets(
                    admin,
                    partitions,
                    fromMillis == null ? OffsetSpec.earliest() : OffsetSpec.forTimestamp(fromMillis),
                    timeout);
            Map<TopicPartition, Long> to =
                    toMillis == null ? latest : offsets(admin, partitions, OffsetSpec.forTimestamp(toMillis), timeout);
            long total = 0;
            for (TopicPartition tp : partitions) {
                long start = from.get(tp) < 0 ? latest.get(tp) : from.get(tp);
                long end = to.get(tp) < 0 ? latest.get(tp) : to.get(tp);
                total += Math.max(0, end - start);
            }
            return total;
        }
    }

    /** Each partition's offset by the spec (-1 where a timestamp has no record at or after it). */
    private static Map<TopicPartition, Long> offsets(
            Admin admin, List<TopicPartition> partitions, OffsetSpec spec, Duration timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request)
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Per partition ({@link PartitionWatermarks}): the out-of-orderness bound plus the allowed lateness, the idleness
     * timeout, the shorter one for up-to-date partitions, and the flush of a quiet feed.
     */
    public static WatermarkStrategy<SourceRecord> watermarks(JobSettings settings) {
        long bound = settings.lateAfterMillis();
        long idle = settings.idlenessMillis();
        long liveIdle = settings.liveIdlenessMillis();
        long quietFlush = settings.quietFlushMillis();
        return WatermarkStrategy.<SourceRecord>forGenerator(ctx -> new PartitionWatermarks(
                        bound, idle, liveIdle, quietFlush, ctx.getInputActivityClock(), System::currentTimeMillis))
                // dead letters carry no event time; they neither move nor hold back the watermark
                .withTimestampAssigner(
                        (r, previous) -> r.event() != null ? r.event().ts() : Long.MIN_VALUE);
    }
}
