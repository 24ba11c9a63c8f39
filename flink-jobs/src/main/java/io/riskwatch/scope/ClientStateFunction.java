package io.riskwatch.scope;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.Reasons;
import io.riskwatch.model.RulesUpdate;
import io.riskwatch.model.Trade;
import io.riskwatch.model.TradeFact;
import io.riskwatch.model.Transfer;
import io.riskwatch.model.TransferFact;
import io.riskwatch.parse.DeadLetters;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.Facts;
import io.riskwatch.state.ClientBook;
import io.riskwatch.state.ClientView;
import io.riskwatch.state.KeyedOrderBuffer;
import io.riskwatch.state.PriceLookup;
import io.riskwatch.state.SymbolHistory;
import io.riskwatch.state.SymbolPoint;
import io.riskwatch.wire.WireTypes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The client operator: one client's events in processing order (via {@link KeyedOrderBuffer}), the client's
 * {@link ClientBook}, and every client rule, evaluated after the book has been moved by the event.
 *
 * <p>Quotes arrive on the broadcast side, already ordered per symbol, and are kept as a short
 * {@link SymbolHistory} per symbol (quotes and security records). A client event is applied only when the
 * watermark has passed it, by which time every quote at or before it has arrived; it sees the latest of those,
 * whatever the arrival order.
 */
public final class ClientStateFunction extends KeyedBroadcastProcessFunction<String, Event, Event, Alert> {
    private static final long serialVersionUID = 1L;

    /** Per symbol, the recent quotes and security records, broadcast to every client operator instance. */
    public static final MapStateDescriptor<String, SymbolHistory> SYMBOLS =
            new MapStateDescriptor<>("symbols", Types.STRING, TypeInformation.of(SymbolHistory.class));
    /** Rules versions in force from their effective event time (key), broadcast to every client operator. */
    public static final MapStateDescriptor<Long, RulesUpdate> RULES =
            new MapStateDescriptor<>("rules", Types.LONG, TypeInformation.of(RulesUpdate.class));
    /** Trades in processing order with the client's tier and broker at that moment ({@link Facts#TRADES}). */
    public static final OutputTag<TradeFact> TRADES = new OutputTag<>("trades", WireTypes.TRADE_FACT);
    /** Transfers in processing order with the client's tier and broker at that moment ({@link Facts#TRANSFERS}). */
    public static final OutputTag<TransferFact> TRANSFERS = new OutputTag<>("transfers", WireTypes.TRANSFER_FACT);
    /** Orders, cancels and trades for the group operator, with the group in force ({@link Facts#GROUP}). */
    public static final OutputTag<GroupFact> GROUP_FACTS = new OutputTag<>("group-facts", WireTypes.GROUP_FACT);
    /** The wake-up bit of the group facts' open orders (their day's end), beside the rules' bits. */
    private static final long GROUP_FACTS_BIT = ClientView.ruleBit(GroupFacts.STATE);
    /** Accumulator: events applied (not dead-lettered) by the keyed operators. */
    public static final String COUNTER_PROCESSED = "events-processed";
    /** Accumulator: clients whose book this operator started (a client's first event of any kind). */
    public static final String COUNTER_CLIENTS = "clients-tracked";

    /** The side output that carries one kind of facts. */
    public static OutputTag<?> facts(Facts facts) {
        return switch (facts) {
            case TRADES -> TRADES;
            case TRANSFERS -> TRANSFERS;
            case GROUP -> GROUP_FACTS;
        };
    }

    private final JobSettings settings;
    private final List<ClientRule> rules;
    private final Set<Facts> facts;
    private final Set<String> selected;
    private final long quoteLookbackMillis;
    /** The group facts and the order lifecycle behind them; null when no group rule runs. */
    private final GroupFacts groupFacts;

    private transient KeyedOrderBuffer buffer;
    /** Rules built from the published versions in force, by effective time; null: rebuild from broadcast state. */
    private transient TreeMap<Long, List<ClientRule>> published;

    private transient ValueState<ClientBook> books;
    private transient ClientView view;
    private transient LongCounter processed;
    private transient LongCounter clients;
    private transient volatile long watermark = Long.MIN_VALUE;

    public ClientStateFunction(JobSettings settings, List<ClientRule> rules) {
        this(settings, rules, Set.of(), null);
    }

    /**
     * @param facts the fact streams to emit ({@link #facts}): what the running sequence rules read
     * @param selected the rule ids this job runs: versions published to the rules topic (broadcast as
     *     {@link EventType#RULES}) build these rules anew; null when the job has no rules topic
     */
    public ClientStateFunction(JobSettings settings, List<ClientRule> rules, Set<Facts> facts, Set<String> selected) {
        this(settings, rules, facts, selected, 0);
    }

    /**
     * @param quoteLookbackMillis how far before a trade the group rules need the quote (its group fact's
     *     {@code quoteBefore}); quotes are kept that far behind event time
     */
    public ClientStateFunction(
            JobSettings settings,
            List<ClientRule> rules,
            Set<Facts> facts,
            Set<String> selected,
            long quoteLookbackMillis) {
        this.settings = settings;
        this.rules = List.copyOf(rules);
        this.facts = facts.isEmpty() ? Set.of() : EnumSet.copyOf(facts);
        this.selected = selected == null ? null : Set.copyOf(selected);
        this.quoteLookbackMillis = quoteLookbackMillis;
        this.groupFacts = this.facts.contains(Facts.GROUP) ? new GroupFacts(quoteLookbackMillis) : null;
    }

    @Override
    public void open(OpenContext openContext) {
        buffer = KeyedOrderBuffer.forFewIds(getRuntimeContext(), settings.duplicateWindowMillis());
        books = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("client-book", TypeInformation.of(ClientBook.class)));
        view = new ClientView(settings.zone());
        processed = getRuntimeContext().getLongCounter(ClientStateFunction.COUNTER_PROCESSED);
        clients = getRuntimeContext().getLongCounter(ClientStateFunction.COUNTER_CLIENTS);
        // how far event time trails the wall clock (live: the input's delay; replay of history: its age)
        getRuntimeContext()
                .getMetricGroup()
                .gauge(
                        "eventTimeLagMillis",
                        () -> watermark == Long.MIN_VALUE ? 0L : System.currentTimeMillis() - watermark);
        for (ClientRule rule : rules) {
            rule.open(getRuntimeContext());
        }
        if (groupFacts != null) {
            groupFacts.open(getRuntimeContext());
        }
    }

    @Override
    public void processElement(Event e, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        watermark = ctx.currentWatermark();
        if (!buffer.add(e, ctx.timerService())) {
            ctx.output(DeadLetters.TAG, new DeadLetter(Reasons.LATE_EVENT, e.source(), e.raw()));
        }
    }

    @Override
    public void processBroadcastElement(Event e, Context ctx, Collector<Alert> out) throws Exception {
        if (e.type() == EventType.RULES) {
            BroadcastState<Long, RulesUpdate> versions = ctx.getBroadcastState(ClientStateFunction.RULES);
            versions.put(e.ts(), e.rules());
            // versions superseded before the watermark can no longer apply to any event
            Long inForce = null;
            for (Map.Entry<Long, RulesUpdate> v : versions.immutableEntries()) {
                if (v.getKey() <= ctx.currentWatermark() && (inForce == null || v.getKey() > inForce)) {
                    inForce = v.getKey();
                }
            }
            if (inForce != null) {
                long keep = inForce;
                List<Long> old = new ArrayList<>();
                versions.immutableEntries().forEach(v -> {
                    if (v.getKey() < keep) {
                        old.add(v.getKey());
                    }
                });
                for (Long k : old) {
                    versions.remove(k);
                }
            }
            published = null;
            return;
        }
        BroadcastState<String, SymbolHistory> symbols = ctx.getBroadcastState(ClientStateFunction.SYMBOLS);
        String symbol = e.key();
        SymbolHistory history = symbols.get(symbol);
        if (history == null) {
            history = new SymbolHistory();
        }
        switch (e.type()) {
            case QUOTE ->
                history.addQuote(
                        new SymbolPoint(e.ts(), e.eventId(), e.quote().price(), null, e.quote(), null),
                        ctx.currentWatermark(),
                        quoteLookbackMillis);
            case SECURITY ->
                history.addSecurity(
                        new SymbolPoint(e.ts(), e.eventId(), null, e.security().riskLevel(), null, e.security()),
                        ctx.currentWatermark());
            default -> {
                return;
            }
        }
        symbols.put(symbol, history);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        watermark = ctx.currentWatermark();
        ReadOnlyBroadcastState<String, SymbolHistory> symbols = ctx.getBroadcastState(ClientStateFunction.SYMBOLS);
        buffer.onTimer(
                ts, ctx.timerService(), e -> apply(e, ctx, symbols, out), (d, e) -> ctx.output(DeadLetters.TAG, d));
        // most timers are instants with events; a rule runs only when it asked to be woken by now
        ClientBook book = books.value();
        long due = book == null ? 0 : book.takeWakeUpsUpTo(ts);
        if (due != 0) {
            view.at(ctx.getCurrentKey(), book, lookup(symbols, ts, Integer.MAX_VALUE), ctx.timerService());
            Consumer<Alert> alerts = out::collect; // one per wake-up, not one per rule
            for (ClientRule rule : rulesAt(ts, ctx)) {
                long bit = ClientView.ruleBit(rule.id());
                if ((due & bit) != 0) {
                    rule.onTimer(ts, view.calling(bit), alerts);
                }
            }
            if (groupFacts != null && (due & GROUP_FACTS_BIT) != 0) {
                groupFacts.onTimer(ts, view.calling(GROUP_FACTS_BIT));
            }
            books.update(book);
        }
    }

    private void apply(
            Event e, OnTimerContext ctx, ReadOnlyBroadcastState<String, SymbolHistory> symbols, Collector<Alert> out)
            throws Exception {
        ClientBook book = books.value();
        if (book == null) {
            book = new ClientBook();
            clients.add(1);
        }
        book.apply(e);
        if (e.type().input()) {
            processed.add(1); // a HOLDER_CHECK is internal: neither read nor processed
        }
        view.at(ctx.getCurrentKey(), book, lookup(symbols, e.ts(), e.type().rank()), ctx.timerService());
        Consumer<Alert> alerts = out::collect; // one per event, not one per rule
        for (ClientRule rule : rulesAt(e.ts(), ctx)) {
            rule.onEvent(e, view.calling(ClientView.ruleBit(rule.id())), alerts);
        }
        if (groupFacts != null) {
            groupFacts.onEvent(
                    e,
                    view.calling(GROUP_FACTS_BIT),
                    t -> lookup(symbols, t, Integer.MAX_VALUE),
                    f -> ctx.output(GROUP_FACTS, f));
        }
        books.update(book);
        if (e.type() == EventType.TRADE && facts.contains(Facts.TRADES)) {
            Trade t = e.trade();
            ctx.output(
                    ClientStateFunction.TRADES,
                    new TradeFact(
                            t.clientId(),
                            book.brokerId,
                            book.tierOrDefault(),
                            t.symbol(),
                            e.eventId(),
                            e.ts(),
                            view.tradingDay(e).toEpochDay(),
                            t.side(),
                            t.price(),
                            t.quantity()));
        } else if (e.type() == EventType.TRANSFER && facts.contains(Facts.TRANSFERS)) {
            Transfer t = e.transfer();
            ctx.output(
                    ClientStateFunction.TRANSFERS,
                    new TransferFact(
                            t.clientId(),
                            book.brokerId,
                            book.tierOrDefault(),
                            e.eventId(),
                            e.ts(),
                            t.direction(),
                            t.amount()));
        }
    }

    /**
     * The rules in force at {@code ts}: those of the latest published version effective at or before it, else
     * the ones the job started with. Each version's rules are built once per instance; they share the rules'
     * keyed state (same state names), so windows and counts carry over from one version to the next.
     */
    private List<ClientRule> rulesAt(long ts, ReadOnlyContext ctx) throws Exception {
        if (selected == null) {
            return rules;
        }
        if (published == null) {
            published = new TreeMap<>();
            for (Map.Entry<Long, RulesUpdate> v :
                    ctx.getBroadcastState(ClientStateFunction.RULES).immutableEntries()) {
                RulesUpdate u = v.getValue();
                List<ClientRule> built = RuleCatalog.RULES.clientRules(
                        ConfigLoader.parseRules(u.text(), u.source()), selected, settings.ruleEnvironment());
                for (ClientRule rule : built) {
                    rule.open(getRuntimeContext());
                }
                published.put(v.getKey(), built);
            }
        }
        Map.Entry<Long, List<ClientRule>> inForce = published.floorEntry(ts);
        return inForce == null ? rules : inForce.getValue();
    }

    /** Quotes and security records at or before (ts, rank), read from the broadcast state. */
    private static PriceLookup lookup(ReadOnlyBroadcastState<String, SymbolHistory> symbols, long ts, int rank) {
        return new PriceLookup() {
            @Override
            public SymbolPoint quoteOf(String symbol) {
                SymbolHistory h = history(symbols, symbol);
                return h == null ? null : h.quoteAt(ts, rank);
            }

            @Override
            public SymbolPoint securityOf(String symbol) {
                SymbolHistory h = history(symbols, symbol);
                return h == null ? null : h.securityAt(ts, rank);
            }
        };
    }

    private static SymbolHistory history(ReadOnlyBroadcastState<String, SymbolHistory> symbols, String symbol) {
        try {
            return symbols.get(symbol);
        } catch (Exception ex) {
            throw new IllegalStateException("broadcast symbol state unreadable for " + symbol, ex);
        }
    }
}
