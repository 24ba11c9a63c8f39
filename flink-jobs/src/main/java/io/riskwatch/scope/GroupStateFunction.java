package io.riskwatch.scope;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.GroupFact;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.state.GroupBook;
import io.riskwatch.state.GroupView;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The group operator (contract 7.1): keyed by linked-account group, it receives the orders, cancels and trades
 * its members' client operators applied ({@link GroupFact}, the group in force at each event's ts), holds them
 * until the watermark passes their ts, and applies each instant's facts in group processing order (type, then
 * clientId, then eventId) to the group's {@link GroupBook} and then to every group rule.
 *
 * <p>Why this order is complete: a client operator applies an event when the watermark passes it and emits its
 * fact before it forwards that watermark, so when this operator's watermark passes ts, every fact at ts of every
 * member has arrived, from whichever subtask. At the end of a trading day the book and the rules' state of the
 * group are dropped.
 */
public final class GroupStateFunction extends KeyedProcessFunction<String, GroupFact, Alert> {
    private static final long serialVersionUID = 1L;

    private final String zone;
    private final List<GroupRule> rules;
    private final boolean pairTrades;
    private final boolean trackOrders;
    private transient MapState<Long, List<GroupFact>> pending;
    private transient ValueState<GroupBook> books;
    private transient GroupView view;

    public GroupStateFunction(ZoneId zone, List<GroupRule> rules) {
        this.zone = zone.getId();
        this.rules = List.copyOf(rules);
        this.pairTrades = rules.stream().anyMatch(GroupRule::readsSelfMatches);
        this.trackOrders = rules.stream().anyMatch(GroupRule::readsOpenOrders);
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "group-pending", Types.LONG, new ListTypeInfo<>(TypeInformation.of(GroupFact.class))));
        books = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("group-book", TypeInformation.of(GroupBook.class)));
        view = new GroupView(ZoneId.of(zone));
        for (GroupRule rule : rules) {
            rule.open(getRuntimeContext());
        }
    }

    @Override
    public void processElement(GroupFact f, Context ctx, Collector<Alert> out) throws Exception {
        List<GroupFact> at = pending.get(f.ts());
        if (at == null) {
            at = new ArrayList<>(2);
            ctx.timerService().registerEventTimeTimer(f.ts());
        }
        at.add(f);
        pending.put(f.ts(), at);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        GroupBook book = books.value();
        if (book != null && ts >= view.startOfNextDay(book.day)) {
            endDay(book);
            book = null;
        }
        view.at(ctx.getCurrentKey(), book, null, ctx.timerService());
        for (GroupRule rule : rules) {
            rule.onTimer(ts, view);
        }
        List<GroupFact> facts = pending.get(ts);
        if (facts != null) {
            pending.remove(ts);
            facts.sort(GroupFact.ORDER);
            String group = ctx.getCurrentKey();
            Consumer<Alert> alerts = out::collect; // one per instant, not one per fact and rule
            for (GroupFact f : facts) {
                if (book == null) {
                    book = new GroupBook();
                }
                if (f.epochDay() != book.day) {
                    if (book.day != Long.MIN_VALUE) {
                        endDay(book);
                    }
                    book.startDay(f.epochDay());
                    ctx.timerService().registerEventTimeTimer(view.startOfNextDay(f.epochDay()));
                }
                GroupBook.SelfMatch match = book.apply(f, trackOrders, pairTrades);
                if (!f.lifecycleOnly()) {
                    view.at(group, book, match, ctx.timerService());
                    for (GroupRule rule : rules) {
                        rule.onFact(f, view, alerts);
                    }
                }
            }
        }
        if (book == null) {
            books.clear();
        } else {
            books.update(book);
        }
    }

    /** The group's trading day is over: its book and every rule's state of it go. */
    private void endDay(GroupBook book) throws Exception {
        for (GroupRule rule : rules) {
            rule.dayEnded(book.day);
        }
        books.clear();
    }
}
