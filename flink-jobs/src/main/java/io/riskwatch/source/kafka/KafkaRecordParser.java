package io.riskwatch.source.kafka;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Reasons;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.EventParser;
import io.riskwatch.source.ReadListener;
import io.riskwatch.source.file.JsonLinesReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each Kafka record into a {@link SourceRecord}: the parsed event, or a dead letter whose {@code source}
 * is {@code topic/partition@offset}. Never throws for bad input: an empty value is {@code malformed_json}, a
 * value over the size limit is {@code oversized} (its first bytes kept as {@code raw}).
 */
public final class KafkaRecordParser implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;
    private final int maxRecordBytes;
    private final ReadListener progress;
    private transient EventParser parser;

    public KafkaRecordParser(int maxRecordBytes) {
        this(maxRecordBytes, null);
    }

    /** @param listener told of every record read, or null */
    public KafkaRecordParser(int maxRecordBytes, ReadListener listener) {
        this.maxRecordBytes = maxRecordBytes;
        this.progress = listener;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new EventParser();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        if (parser == null) {
            parser = new EventParser();
        }
        if (progress != null) {
            progress.recordRead();
        }
        String source = record.topic() + "/" + record.partition() + "@" + record.offset();
        byte[] value = record.value();
        if (value == null) {
            out.collect(SourceRecord.of(new DeadLetter(Reasons.MALFORMED_JSON, source, "")));
        } else if (value.length > maxRecordBytes) {
            String head = new String(
                    value, 0, Math.min(value.length, JsonLinesReader.OVERSIZED_RAW_BYTES), StandardCharsets.UTF_8);
            out.collect(SourceRecord.of(new DeadLetter(Reasons.OVERSIZED, source, head)));
        } else {
            out.collect(parser.parse(new String(value, StandardCharsets.UTF_8), source));
        }
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
