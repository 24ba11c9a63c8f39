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
import java.util.HashMap;
import java.util.Map;
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
    private final long maxFutureMillis;
    private final Map<String, Long> lastOffsets;
    private transient EventParser parser;
    private transient Map<String, Neighbours> partitions;

    /** One partition's last event time and the event held to be judged by the next one. */
    private static final class Neighbours {
        long previousTs = Long.MIN_VALUE;
        SourceRecord suspect;
    }

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
        this(maxRecordBytes, maxAheadOfClockMillis, clock, listener, 0, null);
    }

    /**
     * A bounded read (a replay of a range): besides the clock check, an event more than {@code maxFutureMillis}
     * ahead of the event before it in its partition is held until the partition's next event, and dead-lettered as
     * {@code implausible_ts} if it is that far ahead of that one too (as a file's are). The partition's last record
     * is never held: {@code lastOffsets} (topic/partition to the offset of its last record in the range, as the
     * replay found them before starting) says where that is; a record at or past it is taken as it comes.
     *
     * @param maxFutureMillis 0 = no neighbour check
     * @param lastOffsets null = no neighbour check (live: a held record would wait for the next, which may come
     *     hours later, and a checkpoint in between would skip it)
     */
    public KafkaRecordParser(
            int maxRecordBytes,
            long maxAheadOfClockMillis,
            Clock clock,
            ReadListener listener,
            long maxFutureMillis,
            Map<String, Long> lastOffsets) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxAheadOfClockMillis = maxAheadOfClockMillis;
        this.clock = clock;
        this.progress = listener;
        this.maxFutureMillis = maxFutureMillis;
        this.lastOffsets = lastOffsets == null ? null : new HashMap<>(lastOffsets);
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
                judgeNeighbours(record, aheadOfClock(parser.parse(text, source)), out);
            } else {
                String base64 = Base64.getEncoder().encodeToString(value);
                out.collect(SourceRecord.of(new DeadLetter(Reasons.MALFORMED_JSON, source, text, base64)));
            }
        }
    }

    /** Bounded reads: an isolated jump ahead of both neighbours in the partition is implausible_ts. */
    private void judgeNeighbours(ConsumerRecord<byte[], byte[]> record, SourceRecord r, Collector<SourceRecord> out) {
        Event e = r.event();
        if (e == null || maxFutureMillis <= 0 || lastOffsets == null) {
            out.collect(r);
            return;
        }
        if (partitions == null) {
            partitions = new HashMap<>();
        }
        String partition = record.topic() + "/" + record.partition();
        Neighbours n = partitions.computeIfAbsent(partition, k -> new Neighbours());
        if (n.suspect != null) {
            Event suspect = n.suspect.event();
            out.collect(
                    suspect.ts() - e.ts() > maxFutureMillis
                            ? SourceRecord.of(new DeadLetter(Reasons.IMPLAUSIBLE_TS, suspect.source(), suspect.raw()))
                            : n.suspect);
            n.suspect = null;
        }
        boolean jump = n.previousTs == Long.MIN_VALUE || e.ts() - n.previousTs > maxFutureMillis;
        n.previousTs = e.ts();
        Long last = lastOffsets.get(partition);
        if (jump && last != null && record.offset() < last) {
            n.suspect = r;
        } else {
            out.collect(r);
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
