package io.riskwatch.parse;

import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.topology.Descriptors;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts every record a source read and sends it on: dead letters to their side output, quotes and securities
 * to the symbol side output, client events to the main output.
 */
public final class RouteParsed extends ProcessFunction<SourceRecord, Event> {
    private static final long serialVersionUID = 1L;
    private final boolean copyHoldings;
    private transient LongCounter read;
    private transient Counter[] eventsByType;

    public RouteParsed() {
        this(false);
    }

    /** @param copyHoldings also send trades and position snapshots to {@link Descriptors#HOLDINGS} */
    public RouteParsed(boolean copyHoldings) {
        this.copyHoldings = copyHoldings;
    }

    @Override
    public void open(OpenContext openContext) {
        read = getRuntimeContext().getLongCounter(Descriptors.COUNTER_READ);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsByType = new Counter[EventType.values().length];
        for (EventType t : EventType.values()) {
            if (t.input()) {
                eventsByType[t.ordinal()] = metrics.addGroup("type", t.wireName()).counter("events");
            }
        }
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<Event> out) {
        read.add(1);
        if (record.deadLetter() != null) {
            ctx.output(Descriptors.DEAD_LETTERS, record.deadLetter());
            return;
        }
        eventsByType[record.event().type().ordinal()].inc();
        if (record.event().type().clientKeyed()) {
            out.collect(record.event());
            EventType t = record.event().type();
            if (copyHoldings && (t == EventType.TRADE || t == EventType.POSITION)) {
                ctx.output(Descriptors.HOLDINGS, record.event());
            }
        } else {
            ctx.output(Descriptors.SYMBOL_EVENTS, record.event());
        }
    }
}
