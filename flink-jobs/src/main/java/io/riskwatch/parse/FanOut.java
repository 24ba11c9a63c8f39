package io.riskwatch.parse;

import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.wire.WireTypes;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The event fan-out after parsing: counts every record a source read and sends it on to its scope: dead letters
 * to their side output, quotes and securities to the symbol operator's, client events to the main output (the
 * client operator), and with symbol-scope rules running a copy of each trade and position to the symbol
 * operator's holder index.
 */
public final class FanOut extends ProcessFunction<SourceRecord, Event> {
    /** Quotes and security records, for the symbol operator. */
    public static final OutputTag<Event> SYMBOL_EVENTS = new OutputTag<>("symbol-events", WireTypes.EVENT);
    /** Copies of trades and position snapshots for the symbol operator's holder index (symbol-scope rules). */
    public static final OutputTag<Event> HOLDINGS = new OutputTag<>("holdings", WireTypes.EVENT);
    /** Accumulator: records read from the sources. */
    public static final String COUNTER_READ = "records-read";

    private static final long serialVersionUID = 1L;
    private final boolean copyHoldings;
    private transient LongCounter read;
    private transient Counter[] eventsByType;

    public FanOut() {
        this(false);
    }

    /** @param copyHoldings also send trades and position snapshots to {@link #HOLDINGS} */
    public FanOut(boolean copyHoldings) {
        this.copyHoldings = copyHoldings;
    }

    @Override
    public void open(OpenContext openContext) {
        read = getRuntimeContext().getLongCounter(FanOut.COUNTER_READ);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsByType = new Counter[EventType.values().length];
        for (EventType t : EventType.values()) {
            if (t.input()) {
                eventsByType[t.ordinal()] =
                        metrics.addGroup("type", t.wireName()).counter("events");
            }
        }
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<Event> out) {
        read.add(1);
        if (record.deadLetter() != null) {
            ctx.output(DeadLetters.TAG, record.deadLetter());
            return;
        }
        eventsByType[record.event().type().ordinal()].inc();
        if (record.event().type().clientKeyed()) {
            out.collect(record.event());
            EventType t = record.event().type();
            if (copyHoldings && (t == EventType.TRADE || t == EventType.POSITION)) {
                ctx.output(FanOut.HOLDINGS, record.event());
            }
        } else {
            ctx.output(FanOut.SYMBOL_EVENTS, record.event());
        }
    }
}
