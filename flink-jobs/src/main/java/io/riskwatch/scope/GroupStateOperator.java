package io.riskwatch.scope;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.GroupFact;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.state.GroupBook;
import io.riskwatch.state.GroupView;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

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
 *
 * <p>Why an operator and not a keyed process function with a timer per group and instant: almost every group is
 * one client, and almost every fact is its group's only one at its instant, so such timers cost a timer-queue
 * insertion, de-duplication and removal per fact (the largest part of this operator's time on a 1 M-client day,
 * docs/PERFORMANCE.md). The facts still wait in keyed state ({@code group-pending}, by ts), which checkpoints and
 * rescales with the group; the instants that have pending facts, with their groups, are an index in memory that
 * {@link #open} rebuilds from that state, and each watermark applies the instants it passes, oldest first. Before
 * each instant the timers up to it fire (the rules' wake-ups and the days' ends: {@link #onEventTime}), so each
 * group sees its timers and its facts in ts order, as with one timer per instant.
 */
public final class GroupStateOperator extends AbstractStreamOperator<Alert>
        implements OneInputStreamOperator<GroupFact, Alert>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    /** The pending facts, by ts, per group: keyed state, so they checkpoint and rescale with their group. */
    static final String PENDING = "group-pending";
    /** The timer service's name: a keyed process function's, so timers of a savepoint taken before still fire. */
    private static final String TIMERS = "user-timers";

    private final String zone;
    private final List<GroupRule> rules;
    private final boolean pairTrades;
    private final boolean trackOrders;
    private transient MapState<Long, List<GroupFact>> pending;
    private transient ValueState<GroupBook> books;
    private transient GroupView view;
    private transient TimerService timers;
    private transient TimestampedCollector<Alert> out;
    /** The instants with pending facts, oldest first, and the groups that have facts at each (rebuilt on open). */
    private transient TreeMap<Long, List<String>> instants;

    public GroupStateOperator(ZoneId zone, List<GroupRule> rules) {
        this.zone = zone.getId();
        this.rules = List.copyOf(rules);
        this.pairTrades = rules.stream().anyMatch(GroupRule::readsSelfMatches);
        this.trackOrders = rules.stream().anyMatch(GroupRule::readsOpenOrders);
    }

    @Override
    public void open() throws Exception {
        super.open();
        out = new TimestampedCollector<>(output);
        InternalTimerService<VoidNamespace> service =
                getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        timers = new SimpleTimerService(service);
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        PENDING, Types.LONG, new ListTypeInfo<>(TypeInformation.of(GroupFact.class))));
        books = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("group-book", TypeInformation.of(GroupBook.class)));
        view = new GroupView(ZoneId.of(zone));
        for (GroupRule rule : rules) {
            rule.open(getRuntimeContext());
        }
        instants = new TreeMap<>();
        List<String> restored;
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(PENDING, VoidNamespace.INSTANCE)) {
            restored = keys.toList();
        }
        for (String group : restored) {
            setCurrentKey(group);
            for (Long ts : pending.keys()) {
                instants.computeIfAbsent(ts, t -> new ArrayList<>()).add(group);
            }
        }
    }

    @Override
    public void processElement(StreamRecord<GroupFact> record) throws Exception {
        GroupFact f = record.getValue();
        List<GroupFact> at = pending.get(f.ts());
        if (at == null) {
            at = new ArrayList<>(2);
            instants.computeIfAbsent(f.ts(), t -> new ArrayList<>(4)).add((String) getCurrentKey());
        }
        at.add(f);
        pending.put(f.ts(), at);
    }

    /**
     * Applies every instant the watermark passes, oldest first; before each, the timers up to it fire. Then the
     * remaining timers up to the watermark fire and the watermark goes on.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        while (!instants.isEmpty() && instants.firstKey() <= mark.getTimestamp()) {
            Map.Entry<Long, List<String>> instant = instants.pollFirstEntry();
            long ts = instant.getKey();
            if (timeServiceManager != null) {
                timeServiceManager.advanceWatermark(new Watermark(ts));
            }
            for (String group : instant.getValue()) {
                setCurrentKey(group);
                applyAt(ts);
            }
        }
        super.processWatermark(mark);
    }

    /** A rule's wake-up or a day's end (or an instant's timer in a savepoint taken before this operator). */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        applyAt(timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // no processing-time timers
    }

    /** The current group at {@code ts}: the day's end if passed, the rules' wake-ups, then the facts at ts. */
    private void applyAt(long ts) throws Exception {
        out.setAbsoluteTimestamp(ts);
        String group = (String) getCurrentKey();
        GroupBook book = books.value();
        if (book != null && ts >= view.startOfNextDay(book.day)) {
            endDay(book);
            book = null;
        }
        view.at(group, book, null, timers);
        for (GroupRule rule : rules) {
            rule.onTimer(ts, view);
        }
        List<GroupFact> facts = pending.get(ts);
        if (facts != null) {
            pending.remove(ts);
            facts.sort(GroupFact.ORDER);
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
                    timers.registerEventTimeTimer(view.startOfNextDay(f.epochDay()));
                }
                GroupBook.SelfMatch match = book.apply(f, trackOrders, pairTrades);
                if (!f.lifecycleOnly()) {
                    view.at(group, book, match, timers);
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
