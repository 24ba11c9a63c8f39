package io.riskwatch.suppress;

import io.riskwatch.alert.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The suppression stages' wait for the watermark: alerts of one key can come from several upstream instances in any
 * order, so each waits (keyed state {@code waiting}) until an event-time timer at its ts fires, and the alerts of
 * one instant are then taken in alertId order. The outcome does not depend on parallelism or arrival order.
 */
final class AlertQueue {
    private static final Comparator<Alert> BY_ID = Comparator.comparing(Alert::alertId);

    private final MapState<Long, List<Alert>> waiting;

    AlertQueue(RuntimeContext context) {
        waiting = context.getMapState(
                new MapStateDescriptor<>("waiting", Types.LONG, Types.LIST(TypeInformation.of(Alert.class))));
    }

    /** Keeps the alert until the watermark passes its ts. */
    void add(Alert alert, TimerService timers) throws Exception {
        List<Alert> at = waiting.get(alert.tsMillis());
        if (at == null) {
            at = new ArrayList<>(1);
        }
        at.add(alert);
        waiting.put(alert.tsMillis(), at);
        timers.registerEventTimeTimer(alert.tsMillis());
    }

    /** The alerts waiting at {@code timestamp} in alertId order, removed; null when none (another timer fired). */
    List<Alert> take(long timestamp) throws Exception {
        List<Alert> due = waiting.get(timestamp);
        if (due != null) {
            waiting.remove(timestamp);
            due.sort(BY_ID);
        }
        return due;
    }

    boolean isEmpty() throws Exception {
        return waiting.isEmpty();
    }
}
