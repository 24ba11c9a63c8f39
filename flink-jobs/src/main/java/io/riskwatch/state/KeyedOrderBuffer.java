package io.riskwatch.state;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventOrder;
import io.riskwatch.model.Reasons;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Puts one key's events into the contract's processing order and drops duplicates (precise reading 2).
 * Events wait in keyed state until the watermark passes their {@code ts}; an event-time timer then releases
 * that instant's events sorted by type rank and eventId. The eventIds applied in the last duplicate window
 * are remembered as 64-bit hashes (see {@link AppliedIds}); a purge timer, rounded up to the hour, forgets
 * older ones, so the state is bounded in event time.
 *
 * <p>Two ways to remember, chosen by the operator from its {@code open()}: {@link #forFewIds} (clients: a
 * handful of ids per key, one compact value) and {@link #forManyIds} (symbols: thousands of quotes a day per
 * key; the compact value with a hash index on the heap, one map entry per id in RocksDB).
 */
public final class KeyedOrderBuffer {
    private static final long HOUR = 3_600_000L;

    private final Pending pending;
    private final Memory memory;
    private final long duplicateWindowMillis;

    private KeyedOrderBuffer(Pending pending, Memory memory, long duplicateWindowMillis) {
        this.pending = pending;
        this.memory = memory;
        this.duplicateWindowMillis = duplicateWindowMillis;
    }

    /**
     * For keys that apply few events (clients): the waiting events in one list per key (a client seldom has more
     * than one instant waiting), the ids in one {@link AppliedIds} value per key.
     */
    public static KeyedOrderBuffer forFewIds(RuntimeContext ctx, long duplicateWindowMillis) {
        return new KeyedOrderBuffer(
                new ListPending(ctx.getState(new ValueStateDescriptor<>(
                        "order-pending-list", TypeInformation.of(new TypeHint<List<Event>>() {})))),
                compactMemory(ctx),
                duplicateWindowMillis);
    }

    private static Memory compactMemory(RuntimeContext ctx) {
        return new CompactMemory(
                ctx.getState(new ValueStateDescriptor<>("order-applied-hashes", TypeInformation.of(AppliedIds.class))));
    }

    /**
     * For keys that apply many events (symbols). On the heap, one {@link AppliedIds} per key with a hash index
     * (about 30 bytes an id); in RocksDB ({@code onHeap} false), one map entry per id, so a quote never rewrites
     * the key's whole week of ids.
     */
    public static KeyedOrderBuffer forManyIds(RuntimeContext ctx, long duplicateWindowMillis, boolean onHeap) {
        if (onHeap) {
            return new KeyedOrderBuffer(mappedPending(ctx), compactMemory(ctx), duplicateWindowMillis);
        }
        return new KeyedOrderBuffer(
                mappedPending(ctx),
                new MappedMemory(
                        ctx.getMapState(new MapStateDescriptor<>("order-applied-hash-map", Types.LONG, Types.LONG)),
                        ctx.getState(new ValueStateDescriptor<>("order-purge-at", Types.LONG))),
                duplicateWindowMillis);
    }

    /** Symbols: many instants may wait at once (a quote every few seconds), one map entry per instant. */
    private static Pending mappedPending(RuntimeContext ctx) {
        return new MappedPending(ctx.getMapState(new MapStateDescriptor<>(
                "order-pending", Types.LONG, TypeInformation.of(new TypeHint<List<Event>>() {}))));
    }

    /**
     * Holds an event until the watermark reaches its ts. An event at or behind the watermark can no longer be
     * put in order: it is refused (false) and the caller dead-letters it as {@code late_event}. File replay
     * never produces one (its source judges lateness per file); from Kafka, it is an event further behind its
     * partition than the out-of-orderness bound plus the allowed lateness.
     */
    public boolean add(Event e, TimerService timers) throws Exception {
        if (e.ts() <= timers.currentWatermark()) {
            return false;
        }
        if (pending.add(e)) {
            timers.registerEventTimeTimer(e.ts());
        }
        return true;
    }

    /**
     * Handles a timer: applies the events due at {@code ts} in processing order (duplicates go to
     * {@code dead}), then forgets eventIds that can no longer match.
     */
    public void onTimer(long ts, TimerService timers, EventHandler apply, DeadLetterHandler dead) throws Exception {
        // this timer may be an instant with pending events, the purge time, both, or a rule's timer
        List<Event> due = pending.takeAt(ts);
        memory.load();
        if (due != null) {
            if (due.size() > 1) {
                due.sort(EventOrder.COMPARATOR);
            }
            for (Event e : due) {
                long hash = AppliedIds.hash(e.eventId());
                if (memory.seenWithin(hash, e.ts(), duplicateWindowMillis)) {
                    dead.handle(new DeadLetter(Reasons.DUPLICATE_EVENT, e.source(), e.raw()), e);
                    continue;
                }
                memory.add(hash, e.ts());
                apply.handle(e);
            }
            if (memory.purgeAt() == Long.MIN_VALUE) {
                schedulePurge(ts, timers);
            }
        }
        if (memory.purgeAt() == ts) {
            // every event still to come has ts > now, so an id applied at or before now - window cannot match
            long oldestKept = memory.forgetUpTo(ts - duplicateWindowMillis);
            memory.setPurgeAt(Long.MIN_VALUE);
            if (oldestKept != Long.MIN_VALUE) {
                schedulePurge(oldestKept, timers);
            }
        }
        memory.store();
    }

    /** Applies one event in order. */
    @FunctionalInterface
    public interface EventHandler {
        void handle(Event e) throws Exception;
    }

    /** Takes a duplicate's dead letter (and the duplicate itself). */
    @FunctionalInterface
    public interface DeadLetterHandler {
        void handle(DeadLetter d, Event duplicate);
    }

    private void schedulePurge(long oldestTs, TimerService timers) throws Exception {
        // round up to the hour so one purge serves many ids
        long at = Math.floorDiv(oldestTs + duplicateWindowMillis, HOUR) * HOUR + HOUR;
        memory.setPurgeAt(at);
        timers.registerEventTimeTimer(at);
    }

    /** The current key's events waiting for the watermark. */
    private interface Pending {
        /** Holds an event; true if it is the first at its ts (a timer is then needed). */
        boolean add(Event e) throws Exception;

        /** Removes and returns the events at (or before) {@code ts} in arrival order, or null if none. */
        List<Event> takeAt(long ts) throws Exception;
    }

    /** One list per key, ordered by ts (arrival order within a ts): one state access per event and per timer. */
    private static final class ListPending implements Pending {
        private final ValueState<List<Event>> state;

        ListPending(ValueState<List<Event>> state) {
            this.state = state;
        }

        @Override
        public boolean add(Event e) throws Exception {
            List<Event> list = state.value();
            if (list == null) {
                list = new ArrayList<>(1);
            }
            int at = list.size();
            while (at > 0 && list.get(at - 1).ts() > e.ts()) {
                at--;
            }
            boolean first = at == 0 || list.get(at - 1).ts() != e.ts();
            list.add(at, e);
            state.update(list);
            return first;
        }

        @Override
        public List<Event> takeAt(long ts) throws Exception {
            List<Event> list = state.value();
            // timers fire in ts order, so the head is normally at ts; anything before it is due as well
            if (list == null || list.get(0).ts() > ts) {
                return null;
            }
            int n = 1;
            while (n < list.size() && list.get(n).ts() <= ts) {
                n++;
            }
            if (n == list.size()) {
                state.clear();
                return list;
            }
            List<Event> due = new ArrayList<>(list.subList(0, n));
            state.update(new ArrayList<>(list.subList(n, list.size())));
            return due;
        }
    }

    /** One map entry per instant. */
    private static final class MappedPending implements Pending {
        private final MapState<Long, List<Event>> state;

        MappedPending(MapState<Long, List<Event>> state) {
            this.state = state;
        }

        @Override
        public boolean add(Event e) throws Exception {
            List<Event> atTs = state.get(e.ts());
            boolean first = atTs == null;
            if (first) {
                atTs = new ArrayList<>(1);
            }
            atTs.add(e);
            state.put(e.ts(), atTs);
            return first;
        }

        @Override
        public List<Event> takeAt(long ts) throws Exception {
            List<Event> due = state.get(ts);
            if (due != null) {
                state.remove(ts);
            }
            return due;
        }
    }

    /** The current key's applied ids and purge time. */
    private interface Memory {
        /** Reads the current key's state; every timer starts with it. */
        void load() throws Exception;

        boolean seenWithin(long hash, long ts, long window) throws Exception;

        void add(long hash, long ts) throws Exception;

        /** Forgets ids applied at or before {@code oldest}; the ts of the oldest kept, or MIN_VALUE if none. */
        long forgetUpTo(long oldest) throws Exception;

        long purgeAt() throws Exception;

        void setPurgeAt(long at) throws Exception;

        /** Writes the key's state back when it changed (or clears it when empty). */
        void store() throws Exception;
    }

    private static final class CompactMemory implements Memory {
        private final ValueState<AppliedIds> state;
        private AppliedIds ids;
        private boolean changed;

        CompactMemory(ValueState<AppliedIds> state) {
            this.state = state;
        }

        @Override
        public void load() throws Exception {
            ids = state.value();
            if (ids == null) {
                ids = new AppliedIds();
            }
            changed = false;
        }

        @Override
        public boolean seenWithin(long hash, long ts, long window) {
            return ids.seenWithin(hash, ts, window);
        }

        @Override
        public void add(long hash, long ts) {
            ids.add(hash, ts);
            changed = true;
        }

        @Override
        public long forgetUpTo(long oldest) {
            changed = true;
            return ids.forgetUpTo(oldest) == 0 ? Long.MIN_VALUE : ids.oldest();
        }

        @Override
        public long purgeAt() {
            return ids.purgeAt;
        }

        @Override
        public void setPurgeAt(long at) {
            ids.purgeAt = at;
            changed = true;
        }

        @Override
        public void store() throws Exception {
            if (!changed) {
                return;
            }
            if (ids.size == 0 && ids.purgeAt == Long.MIN_VALUE) {
                state.clear();
            } else {
                state.update(ids);
            }
        }
    }

    private static final class MappedMemory implements Memory {
        private final MapState<Long, Long> applied;
        private final ValueState<Long> purgeAt;

        MappedMemory(MapState<Long, Long> applied, ValueState<Long> purgeAt) {
            this.applied = applied;
            this.purgeAt = purgeAt;
        }

        @Override
        public void load() {}

        @Override
        public boolean seenWithin(long hash, long ts, long window) throws Exception {
            Long earlier = applied.get(hash);
            return earlier != null && ts - earlier <= window;
        }

        @Override
        public void add(long hash, long ts) throws Exception {
            applied.put(hash, ts);
        }

        @Override
        public long forgetUpTo(long oldest) throws Exception {
            long oldestKept = Long.MAX_VALUE;
            Iterator<Map.Entry<Long, Long>> it = applied.iterator();
            while (it.hasNext()) {
                long seenAt = it.next().getValue();
                if (seenAt <= oldest) {
                    it.remove();
                } else {
                    oldestKept = Math.min(oldestKept, seenAt);
                }
            }
            if (oldestKept == Long.MAX_VALUE) {
                // removing through the iterator can leave an empty map behind: drop it with the key's entry
                applied.clear();
                return Long.MIN_VALUE;
            }
            return oldestKept;
        }

        @Override
        public long purgeAt() throws Exception {
            Long at = purgeAt.value();
            return at == null ? Long.MIN_VALUE : at;
        }

        @Override
        public void setPurgeAt(long at) throws Exception {
            if (at == Long.MIN_VALUE) {
                purgeAt.clear();
            } else {
                purgeAt.update(at);
            }
        }

        @Override
        public void store() {}
    }
}
