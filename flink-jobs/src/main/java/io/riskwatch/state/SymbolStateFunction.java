package io.riskwatch.state;

import io.riskwatch.model.Event;
import io.riskwatch.topology.Descriptors;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per symbol: puts quotes and security records into processing order, drops duplicates, and emits them in
 * order (each at its own ts) for the client operators to join on.
 */
public final class SymbolStateFunction extends KeyedProcessFunction<String, Event, Event> {
    private static final long serialVersionUID = 1L;
    private final long duplicateWindowMillis;
    private transient KeyedOrderBuffer buffer;
    private transient LongCounter processed;

    public SymbolStateFunction(long duplicateWindowMillis) {
        this.duplicateWindowMillis = duplicateWindowMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        buffer = KeyedOrderBuffer.open(getRuntimeContext(), duplicateWindowMillis);
        processed = getRuntimeContext().getLongCounter(Descriptors.COUNTER_PROCESSED);
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        buffer.add(e, ctx.timerService());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Event> out) throws Exception {
        buffer.onTimer(ts, ctx.timerService(), e -> {
            processed.add(1);
            out.collect(e);
        }, d -> ctx.output(Descriptors.DEAD_LETTERS, d));
    }
}
