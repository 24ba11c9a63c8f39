package io.riskwatch.scope;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Reasons;
import io.riskwatch.parse.DeadLetters;
import io.riskwatch.rule.SymbolRule;
import io.riskwatch.state.Interned;
import io.riskwatch.state.KeyedOrderBuffer;
import io.riskwatch.wire.WireTypes;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per symbol: puts quotes and security records into processing order, drops duplicates, and emits them in
 * order (each at its own ts) for the client operators to join on.
 *
 * <p>With symbol-scope rules ({@link SymbolRule}) running, it also receives a copy of every trade and position
 * snapshot of the symbol (in the same processing order) and keeps the index of its holders (clientId -> quantity
 * > 0, one map entry each, never one record for all); each rule sees every quote with the holders at it and may
 * send an event ({@link EventType#HOLDER_CHECK}) per holder, keyed by client, to the client operator, which
 * judges it with the client's full book at that quote. Copies are not counted as processed and their
 * duplicates are not dead-lettered (the client operator does both for the originals).
 */
public final class SymbolStateFunction extends KeyedProcessFunction<String, Event, Event> {
    private static final long serialVersionUID = 1L;
    /** From a symbol rule at a quote: one event per holder (e.g. HOLDER_CHECK), to the client operator. */
    public static final OutputTag<Event> HOLDER_CHECKS = new OutputTag<>("holder-checks", WireTypes.EVENT);

    private final long duplicateWindowMillis;
    private final List<SymbolRule> rules;
    private final boolean onHeap;
    private transient KeyedOrderBuffer buffer;
    private transient LongCounter processed;
    private transient MapState<String, Long> holders;

    public SymbolStateFunction(long duplicateWindowMillis) {
        this(duplicateWindowMillis, List.of());
    }

    /** @param rules the symbol parts of the running symbol-scope rules */
    public SymbolStateFunction(long duplicateWindowMillis, List<SymbolRule> rules) {
        this(duplicateWindowMillis, rules, true);
    }

    /** @param onHeap false when the job keeps its state in RocksDB (see {@link KeyedOrderBuffer#forManyIds}) */
    public SymbolStateFunction(long duplicateWindowMillis, List<SymbolRule> rules, boolean onHeap) {
        this.duplicateWindowMillis = duplicateWindowMillis;
        this.rules = List.copyOf(rules);
        this.onHeap = onHeap;
    }

    @Override
    public void open(OpenContext openContext) {
        buffer = KeyedOrderBuffer.forManyIds(getRuntimeContext(), duplicateWindowMillis, onHeap);
        processed = getRuntimeContext().getLongCounter(ClientStateFunction.COUNTER_PROCESSED);
        holders = getRuntimeContext().getMapState(new MapStateDescriptor<>("holders", Types.STRING, Types.LONG));
        for (SymbolRule rule : rules) {
            rule.open(getRuntimeContext());
        }
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        if (!buffer.add(e, ctx.timerService()) && !e.type().clientKeyed()) {
            // a late copy of a trade or position is the client operator's to dead-letter
            ctx.output(DeadLetters.TAG, new DeadLetter(Reasons.LATE_EVENT, e.source(), e.raw()));
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Event> out) throws Exception {
        buffer.onTimer(ts, ctx.timerService(), e -> apply(e, ctx, out), (d, e) -> {
            if (!e.type().clientKeyed()) {
                ctx.output(DeadLetters.TAG, d);
            }
        });
    }

    private void apply(Event e, OnTimerContext ctx, Collector<Event> out) throws Exception {
        switch (e.type()) {
            case TRADE -> {
                Long held = holders.get(e.trade().clientId());
                long q = held == null ? 0L : held;
                q += switch (e.trade().side()) {
                    case BUY -> e.trade().quantity();
                    case SELL -> -e.trade().quantity();
                };
                hold(e.trade().clientId(), q);
            }
            case POSITION -> hold(e.position().clientId(), e.position().quantity());
            default -> {
                processed.add(1);
                out.collect(e);
                if (e.type() == EventType.QUOTE) {
                    for (SymbolRule rule : rules) {
                        rule.onQuote(
                                e, holders.entries(), check -> ctx.output(SymbolStateFunction.HOLDER_CHECKS, check));
                    }
                }
            }
        }
    }

    private void hold(String clientId, long quantity) throws Exception {
        if (quantity > 0) {
            holders.put(Interned.clientId(clientId), quantity); // one String per client, shared with its keyed state
        } else {
            holders.remove(clientId);
        }
    }
}
