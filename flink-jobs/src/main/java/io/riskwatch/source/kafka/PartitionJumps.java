package io.riskwatch.source.kafka;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.Reasons;
import io.riskwatch.model.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Live: an isolated jump in a Kafka partition that is catching up ({@code implausible_ts}, contract section 1). An
 * event more than {@code time.maxFuture} ahead of the event before it in its partition, and itself more than that
 * behind this machine's clock (the partition is reading a backlog, where the clock tells nothing), is held until the
 * partition's next event; if it is that far ahead of that one too it is a dead letter, else it goes on. An event near
 * the clock is never held (the morning after a quiet night goes on at once); one ahead of the clock was refused by
 * the deserializer already. {@link PartitionWatermarks} applies the same rule, so a held event moves no watermark.
 *
 * <p>Chained right after the source, one per source subtask. What it holds is in its checkpoints, with the source's
 * offsets of the same checkpoint, so a restart neither loses nor repeats a held event. Its state is a union list:
 * after a restore each subtask has every partition's entry and uses those of the partitions it then reads (an
 * entry's offset tells the newest of two copies apart).
 */
public final class PartitionJumps extends ProcessFunction<SourceRecord, SourceRecord> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** One partition: its last event time, the offset of its last record seen, the event held. */
    public record Entry(String partition, long offset, long previousTs, SourceRecord suspect) {}

    private final long maxFutureMillis;
    private final KafkaRecordParser.Clock clock;
    private transient Map<String, Entry> partitions;
    private transient ListState<Entry> state;

    /** @param maxFutureMillis {@code time.maxFuture}; 0 = off */
    public PartitionJumps(long maxFutureMillis, KafkaRecordParser.Clock clock) {
        this.maxFutureMillis = maxFutureMillis;
        this.clock = clock;
    }

    @Override
    public void processElement(SourceRecord r, Context ctx, Collector<SourceRecord> out) {
        Event e = r.event();
        if (e == null || maxFutureMillis <= 0) {
            out.collect(r);
            return;
        }
        String source = e.source();
        int at = source.lastIndexOf('@');
        if (at < 0) {
            out.collect(r);
            return;
        }
        String partition = source.substring(0, at);
        long offset = parseOffset(source.substring(at + 1));
        Entry n = partitions.get(partition);
        if (n != null && n.suspect() != null) {
            Event suspect = n.suspect().event();
            out.collect(
                    suspect.ts() - e.ts() > maxFutureMillis
                            ? SourceRecord.of(new DeadLetter(Reasons.IMPLAUSIBLE_TS, suspect.source(), suspect.raw()))
                            : n.suspect());
        }
        boolean held = n != null && isHeld(n.previousTs(), e.ts(), clock.millis(), maxFutureMillis);
        partitions.put(partition, new Entry(partition, offset, e.ts(), held ? r : null));
        if (!held) {
            out.collect(r);
        }
    }

    /**
     * An event is held when it is more than {@code maxFuture} ahead of the one before it in its partition and more
     * than that behind the clock. {@link PartitionWatermarks} asks the same.
     */
    static boolean isHeld(long previousTs, long ts, long nowMillis, long maxFutureMillis) {
        return maxFutureMillis > 0
                && previousTs != Long.MIN_VALUE
                && ts - previousTs > maxFutureMillis
                && nowMillis - ts > maxFutureMillis;
    }

    private static long parseOffset(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        state.update(new ArrayList<>(partitions.values()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        state = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("partition-jumps", TypeInformation.of(Entry.class)));
        partitions = new HashMap<>();
        List<Entry> restored = new ArrayList<>();
        state.get().forEach(restored::add);
        for (Entry entry : restored) {
            partitions.merge(entry.partition(), entry, (a, b) -> a.offset() >= b.offset() ? a : b);
        }
    }
}
