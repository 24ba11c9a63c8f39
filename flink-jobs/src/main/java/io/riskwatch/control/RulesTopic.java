package io.riskwatch.control;

import io.riskwatch.config.KafkaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The rules control topic ({@code kafka.topics.rules}): each record's value is a whole rules file, its key the
 * version, an optional {@value #EFFECTIVE_HEADER} header (ISO-8601 with offset) the event time it applies from.
 * The job reads it from the earliest offset, so a fresh start learns every published version again.
 */
public final class RulesTopic {
    /** Header naming the event time from which the version applies; absent: the record's publish time. */
    public static final String EFFECTIVE_HEADER = "riskwatch-effective-from";

    private RulesTopic() {}

    public static KafkaSource<RulesSubmission> source(KafkaSettings kafka) {
        Properties props = new Properties();
        props.putAll(kafka.properties());
        return KafkaSource.<RulesSubmission>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.rulesTopic())
                .setGroupId(kafka.groupId() + "-rules")
                .setProperties(props)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new Deserializer())
                .build();
    }

    /**
     * Versions never hold event time back: the rules stream is marked idle for good, so the client operator's
     * event time is that of the input alone (a version is picked by its effective time, not by the watermark).
     * Idle, not a watermark at the end of time: when every input partition goes idle too (a quiet night), a
     * watermark at the end of time would become the client operator's own, and the timers that apply each
     * client's events would never fire again. A version reaches every client operator instance within moments
     * of its publication; one published for an instant the input has already passed applies from the next
     * event on (the status says so).
     */
    public static WatermarkStrategy<RulesSubmission> watermarks() {
        return WatermarkStrategy.<RulesSubmission>forGenerator(ctx -> new WatermarkGenerator<>() {
                    @Override
                    public void onEvent(RulesSubmission event, long eventTimestamp, WatermarkOutput output) {}

                    @Override
                    public void onPeriodicEmit(WatermarkOutput output) {
                        output.markIdle();
                    }
                })
                .withTimestampAssigner((s, previous) -> s.effectiveMillis());
    }

    private static final class Deserializer implements KafkaRecordDeserializationSchema<RulesSubmission> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RulesSubmission> out) throws IOException {
            String source = r.topic() + "/" + r.partition() + "@" + r.offset();
            String text = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
            Header h = r.headers().lastHeader(EFFECTIVE_HEADER);
            if (h == null) {
                out.collect(new RulesSubmission(text, r.timestamp(), source, null));
                return;
            }
            String effective = new String(h.value(), StandardCharsets.UTF_8);
            try {
                out.collect(new RulesSubmission(text, parseInstant(effective).toEpochMilli(), source, null));
            } catch (DateTimeParseException e) {
                out.collect(new RulesSubmission(
                        text,
                        r.timestamp(),
                        source,
                        "header " + EFFECTIVE_HEADER + " '" + effective + "' is not an ISO-8601 time with offset"));
            }
        }

        @Override
        public TypeInformation<RulesSubmission> getProducedType() {
            return TypeInformation.of(RulesSubmission.class);
        }
    }

    /** An ISO-8601 time with an offset ({@code 2026-11-20T11:30:00+08:00} or {@code ...Z}). */
    public static Instant parseInstant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
