package io.riskwatch.state;

import io.riskwatch.config.RulesConfig;
import io.riskwatch.detect.MovingAverageCross;
import io.riskwatch.detect.TurningPointTrend;
import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.Reasons;
import io.riskwatch.model.EventType;
import io.riskwatch.model.HolderCheck;
import io.riskwatch.topology.Descriptors;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per symbol: puts quotes and security records into processing order, drops duplicates, and emits them in
 * order (each at its own ts) for the client operators to join on.
 *
 * <p>With HOLDING_TURNING_POINT on, it also receives a copy of every trade and position snapshot of the symbol
 * (in the same processing order) and keeps the index of its holders (clientId -> quantity > 0, one map entry
 * each, never one record for all), follows the trailing high and low ({@link TurningPointTrend}), and at a
 * turning point sends one {@link EventType#HOLDER_CHECK} per holder, keyed by client, to the client operator,
 * which checks the holding's share with the client's full book at that quote. Copies are not counted as
 * processed and their duplicates are not dead-lettered (the client operator does both for the originals).
 */
public final class SymbolStateFunction extends KeyedProcessFunction<String, Event, Event> {
    private static final long serialVersionUID = 1L;
    private final long duplicateWindowMillis;
    private final RulesConfig.TurningPoint turning;
    private final boolean onHeap;
    private transient KeyedOrderBuffer buffer;
    private transient LongCounter processed;
    private transient MapState<String, Long> holders;
    private transient ValueState<TurningPointTrend> trend;
    private transient ValueState<MovingAverageCross> cross;

    public SymbolStateFunction(long duplicateWindowMillis) {
        this(duplicateWindowMillis, null);
    }

    /** @param turning HOLDING_TURNING_POINT's settings, or null when the rule does not run */
    public SymbolStateFunction(long duplicateWindowMillis, RulesConfig.TurningPoint turning) {
        this(duplicateWindowMillis, turning, true);
    }

    /** @param onHeap false when the job keeps its state in RocksDB (see {@link KeyedOrderBuffer#forManyIds}) */
    public SymbolStateFunction(long duplicateWindowMillis, RulesConfig.TurningPoint turning, boolean onHeap) {
        this.duplicateWindowMillis = duplicateWindowMillis;
        this.turning = turning;
        this.onHeap = onHeap;
    }

    @Override
    public void open(OpenContext openContext) {
        buffer = KeyedOrderBuffer.forManyIds(getRuntimeContext(), duplicateWindowMillis, onHeap);
        processed = getRuntimeContext().getLongCounter(Descriptors.COUNTER_PROCESSED);
        holders = getRuntimeContext().getMapState(new MapStateDescriptor<>("holders", Types.STRING, Types.LONG));
        trend = getRuntimeContext().getState(new ValueStateDescriptor<>("turning-point-trend",
                TypeInformation.of(TurningPointTrend.class)));
        cross = getRuntimeContext().getState(new ValueStateDescriptor<>("turning-point-ma-cross",
                TypeInformation.of(MovingAverageCross.class)));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        if (!buffer.add(e, ctx.timerService()) && !e.type().clientKeyed()) {
            // a late copy of a trade or position is the client operator's to dead-letter
            ctx.output(Descriptors.DEAD_LETTERS, new DeadLetter(Reasons.LATE_EVENT, e.source(), e.raw()));
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Event> out) throws Exception {
        buffer.onTimer(ts, ctx.timerService(), e -> apply(e, ctx, out), (d, e) -> {
            if (!e.type().clientKeyed()) {
                ctx.output(Descriptors.DEAD_LETTERS, d);
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
                if (turning != null && e.type() == EventType.QUOTE) {
                    turningPoint(e, ctx);
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

    private void turningPoint(Event quote, OnTimerContext ctx) throws Exception {
        SymbolPoint point = new SymbolPoint(quote.ts(), quote.eventId(), quote.quote().price(), null);
        TurningPointTrend.Turn turn;
        if (turning.maCross()) {
            MovingAverageCross m = cross.value();
            if (m == null) {
                m = new MovingAverageCross();
            }
            turn = m.add(point, turning.shortBars(), turning.longBars());
            cross.update(m);
        } else {
            TurningPointTrend t = trend.value();
            if (t == null) {
                t = new TurningPointTrend();
            }
            turn = t.add(point, turning.windowMillis(), turning.moveFraction());
            trend.update(t);
        }
        if (turn == null) {
            return;
        }
        String symbol = quote.quote().symbol();
        String id = "tp:" + symbol + ":" + quote.eventId();
        String source = "turning point " + turn.direction() + " of " + symbol + " at " + quote.eventId();
        for (Map.Entry<String, Long> h : holders.entries()) {
            HolderCheck check = new HolderCheck(h.getKey(), symbol, turn.direction(), quote.quote().price(),
                    quote.eventId(), turn.extreme().price(), turn.extreme().eventId(), turn.extreme().ts());
            ctx.output(Descriptors.HOLDER_CHECKS, Event.of(EventType.HOLDER_CHECK, id, quote.ts(), source, null, check));
        }
    }
}
