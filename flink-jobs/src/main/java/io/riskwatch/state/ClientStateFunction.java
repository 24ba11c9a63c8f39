package io.riskwatch.state;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.ClientRule;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.topology.Descriptors;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The client operator: one client's events in processing order (via {@link KeyedOrderBuffer}), the client's
 * {@link ClientBook}, and every client rule, evaluated after the book has been moved by the event.
 *
 * <p>Quotes arrive on the broadcast side, already ordered per symbol, and are kept as a short
 * {@link PriceHistory} per symbol. A client event is applied only when the watermark has passed it, by which
 * time every quote at or before it has arrived; it sees the latest of those, whatever the arrival order.
 */
public final class ClientStateFunction extends KeyedBroadcastProcessFunction<String, Event, Event, Alert> {
    private static final long serialVersionUID = 1L;

    private final JobSettings settings;
    private final List<ClientRule> rules;
    private transient KeyedOrderBuffer buffer;
    private transient ValueState<ClientBook> books;
    private transient ClientView view;
    private transient LongCounter processed;

    public ClientStateFunction(JobSettings settings, List<ClientRule> rules) {
        this.settings = settings;
        this.rules = List.copyOf(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        buffer = KeyedOrderBuffer.open(getRuntimeContext(), settings.duplicateWindowMillis());
        books = getRuntimeContext().getState(
                new ValueStateDescriptor<>("client-book", TypeInformation.of(ClientBook.class)));
        view = new ClientView(settings.zone());
        processed = getRuntimeContext().getLongCounter(Descriptors.COUNTER_PROCESSED);
        for (ClientRule rule : rules) {
            rule.open(getRuntimeContext());
        }
    }

    @Override
    public void processElement(Event e, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        buffer.add(e, ctx.timerService());
    }

    @Override
    public void processBroadcastElement(Event e, Context ctx, Collector<Alert> out) throws Exception {
        if (e.type() != EventType.QUOTE) {
            return;
        }
        BroadcastState<String, PriceHistory> prices = ctx.getBroadcastState(Descriptors.PRICES);
        String symbol = e.quote().symbol();
        PriceHistory history = prices.get(symbol);
        if (history == null) {
            history = new PriceHistory();
        }
        history.add(new PricePoint(e.ts(), e.eventId(), e.quote().price()), ctx.currentWatermark());
        prices.put(symbol, history);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        ReadOnlyBroadcastState<String, PriceHistory> prices = ctx.getBroadcastState(Descriptors.PRICES);
        buffer.onTimer(ts, ctx.timerService(), e -> apply(e, ctx, prices, out),
                d -> ctx.output(Descriptors.DEAD_LETTERS, d));
        ClientBook book = books.value();
        if (book != null && !rules.isEmpty()) {
            view.at(ctx.getCurrentKey(), book, symbol -> priceAt(prices, symbol, ts, Integer.MAX_VALUE),
                    ctx.timerService());
            for (ClientRule rule : rules) {
                rule.onTimer(ts, view, out::collect);
            }
        }
    }

    private void apply(Event e, OnTimerContext ctx, ReadOnlyBroadcastState<String, PriceHistory> prices,
            Collector<Alert> out) throws Exception {
        ClientBook book = books.value();
        if (book == null) {
            book = new ClientBook();
        }
        book.apply(e);
        processed.add(1);
        view.at(ctx.getCurrentKey(), book, symbol -> priceAt(prices, symbol, e.ts(), e.type().rank()),
                ctx.timerService());
        for (ClientRule rule : rules) {
            rule.onEvent(e, view, out::collect);
        }
        books.update(book);
    }

    private static BigDecimal priceAt(ReadOnlyBroadcastState<String, PriceHistory> prices, String symbol, long ts,
            int rank) {
        try {
            PriceHistory h = prices.get(symbol);
            return h == null ? null : h.priceAt(ts, rank);
        } catch (Exception ex) {
            throw new IllegalStateException("broadcast price state unreadable for " + symbol, ex);
        }
    }
}
