package io.riskwatch.source.kafka;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.Reasons;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.EventParser;
import io.riskwatch.source.ReadListener;
import io.riskwatch.source.Utf8;
import io.riskwatch.source.file.JsonLinesReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each Kafka record into a {@link SourceRecord}: the parsed event, or a dead letter whose {@code source}
 * is {@code topic/partition@offset}. Never throws for bad input: an empty value is {@code malformed_json}, a
 * value over the size limit is {@code oversized} (its first bytes kept as {@code raw}), a value that is not valid
 * UTF-8 is {@code malformed_json} with its bytes in {@code rawBase64}; live, an event more than {@code time.maxFuture}
 * ahead of this machine's clock is {@code implausible_ts}.
 */
public final class KafkaRecordParser implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;
    /** This machine's clock, epoch milliseconds. */
    public static final Clock SYSTEM_CLOCK = System::currentTimeMillis;

    private final int maxRecordBytes;
    private final long maxAheadOfClockMillis;
    private final Clock clock;
    private final ReadListener progress;
    private transient EventParser parser;

    /** A clock that travels with the job graph. */
    @FunctionalInterface
    public interface Clock extends Serializable {
        long millis();
    }

    public KafkaRecordParser(int maxRecordBytes) {
        this(maxRecordBytes, 0, SYSTEM_CLOCK, null);
    }

    /**
     * @param maxAheadOfClockMillis live mode's {@code time.maxFuture}: an event more than this ahead of {@code clock}
     *     is {@code implausible_ts}; 0 = off (replays of history)
     * @param listener told of every record read, or null
     */
    public KafkaRecordParser(int maxRecordBytes, long maxAheadOfClockMillis, Clock clock, ReadListener listener) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxAheadOfClockMillis = maxAheadOfClockMillis;
        this.clock = clock;
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
            String text = new String(value, StandardCharsets.UTF_8);
            if (Utf8.decodedExactly(text, value, 0, value.length)) {
                out.collect(aheadOfClock(parser.parse(text, source)));
            } else {
                String base64 = Base64.getEncoder().encodeToString(value);
                out.collect(SourceRecord.of(new DeadLetter(Reasons.MALFORMED_JSON, source, text, base64)));
            }
        }
    }

    /** Live: an event dated more than {@code time.maxFuture} after now cannot have happened yet. */
    private SourceRecord aheadOfClock(SourceRecord r) {
        Event e = r.event();
        if (maxAheadOfClockMillis > 0 && e != null && e.ts() - clock.millis() > maxAheadOfClockMillis) {
            return SourceRecord.of(new DeadLetter(Reasons.IMPLAUSIBLE_TS, e.source(), e.raw()));
        }
        return r;
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
