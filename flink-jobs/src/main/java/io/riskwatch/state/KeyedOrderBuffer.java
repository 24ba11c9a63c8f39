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
 * are remembered; a purge timer forgets older ones, so the state is bounded in event time.
 *
 * <p>Used by every keyed operator that applies events (clients and symbols), from its {@code open()}.
 */
public final class KeyedOrderBuffer {
    private final MapState<Long, List<Event>> pending;
    private final MapState<String, Long> applied;
    private final ValueState<Long> purgeAt;
    private final long duplicateWindowMillis;

    private KeyedOrderBuffer(MapState<Long, List<Event>> pending, MapState<String, Long> applied,
            ValueState<Long> purgeAt, long duplicateWindowMillis) {
        this.pending = pending;
        this.applied = applied;
        this.purgeAt = purgeAt;
        this.duplicateWindowMillis = duplicateWindowMillis;
    }

    public static KeyedOrderBuffer open(RuntimeContext ctx, long duplicateWindowMillis) {
        return new KeyedOrderBuffer(
                ctx.getMapState(new MapStateDescriptor<>("order-pending", Types.LONG,
                        TypeInformation.of(new TypeHint<List<Event>>() {}))),
                ctx.getMapState(new MapStateDescriptor<>("order-applied-ids", Types.STRING, Types.LONG)),
                ctx.getState(new ValueStateDescriptor<>("order-purge-at", Types.LONG)),
                duplicateWindowMillis);
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
        List<Event> atTs = pending.get(e.ts());
        if (atTs == null) {
            atTs = new ArrayList<>(1);
            timers.registerEventTimeTimer(e.ts());
        }
        atTs.add(e);
        pending.put(e.ts(), atTs);
        return true;
    }

    /**
     * Handles a timer: applies the events due at {@code ts} in processing order (duplicates go to
     * {@code dead}), then forgets eventIds that can no longer match.
     */
    public void onTimer(long ts, TimerService timers, EventHandler apply, DeadLetterHandler dead)
            throws Exception {
        // this timer may be an instant with pending events, the purge time, or both
        List<Event> due = pending.get(ts);
        if (due != null) {
            pending.remove(ts);
            due.sort(EventOrder.COMPARATOR);
            for (Event e : due) {
                Long earlier = applied.get(e.eventId());
                if (earlier != null && e.ts() - earlier <= duplicateWindowMillis) {
                    dead.handle(new DeadLetter(Reasons.DUPLICATE_EVENT, e.source(), e.raw()), e);
                    continue;
                }
                applied.put(e.eventId(), e.ts());
                apply.handle(e);
            }
            if (purgeAt.value() == null) {
                schedulePurge(ts, timers);
            }
        }
        Long purge = purgeAt.value();
        if (purge != null && purge == ts) {
            purge(ts, timers);
        }
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

    /** Events of this key waiting for the watermark. */
    public int pendingCount() throws Exception {
        int n = 0;
        for (List<Event> l : pending.values()) {
            n += l.size();
        }
        return n;
    }

    private void purge(long now, TimerService timers) throws Exception {
        // every event still to come has ts > now, so an id applied at or before now - window cannot match
        long oldestKept = Long.MAX_VALUE;
        Iterator<Map.Entry<String, Long>> it = applied.iterator();
        while (it.hasNext()) {
            long seenAt = it.next().getValue();
            if (seenAt <= now - duplicateWindowMillis) {
                it.remove();
            } else {
                oldestKept = Math.min(oldestKept, seenAt);
            }
        }
        purgeAt.clear();
        if (oldestKept != Long.MAX_VALUE) {
            schedulePurge(oldestKept, timers);
        } else {
            // removing through the iterator can leave an empty map behind: drop it with the key's entry
            applied.clear();
        }
    }

    private void schedulePurge(long oldestTs, TimerService timers) throws Exception {
        // round up to the hour so one purge serves many ids
        long hour = 3_600_000L;
        long at = Math.floorDiv(oldestTs + duplicateWindowMillis, hour) * hour + hour;
        purgeAt.update(at);
        timers.registerEventTimeTimer(at);
    }
}
