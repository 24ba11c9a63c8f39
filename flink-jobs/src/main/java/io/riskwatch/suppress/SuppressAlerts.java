package io.riskwatch.suppress;

import io.riskwatch.alert.Alert;
import io.riskwatch.metrics.LabelledCounters;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The suppression stage, keyed by (rule, client), in event time: drops an alert whose id was already delivered
 * within the dedupe window, and, for rules with a cooldown, an alert that comes less than the cooldown after the
 * previous delivered alert of that rule for that client ({@code ts < previous ts + cooldown}, the contract's
 * reading of "silent for"). Suppressed alerts go to a side output and a counter; nothing is dropped silently.
 *
 * <p>Alerts of one key can reach this operator from different upstream instances (CEP keys by symbol too), so
 * they wait for the watermark and are judged in (ts, alertId) order: the outcome does not depend on parallelism.
 */
public final class SuppressAlerts extends KeyedProcessFunction<String, Alert, Alert> {
    /** Alerts held back (duplicate id, cooldown, runaway guard), with the reason. */
    public static final OutputTag<SuppressedAlert> SUPPRESSED =
            new OutputTag<>("suppressed", TypeInformation.of(SuppressedAlert.class));

    private static final long serialVersionUID = 1L;

    private final OutputTag<SuppressedAlert> suppressedTag;
    private final Map<String, Long> cooldownMillis;
    private final long dedupeWindowMillis;

    private transient AlertQueue waiting;
    private transient ValueState<Long> lastDelivered;
    private transient MapState<String, Long> delivered;
    private transient LabelledCounters suppressedCounters;

    /**
     * @param cooldownMillis per rule id, the cooldown; a rule not named has none
     * @param dedupeWindowMillis how long a delivered alertId is remembered
     */
    public SuppressAlerts(
            OutputTag<SuppressedAlert> suppressedTag, Map<String, Long> cooldownMillis, long dedupeWindowMillis) {
        this.suppressedTag = suppressedTag;
        this.cooldownMillis = Map.copyOf(cooldownMillis);
        this.dedupeWindowMillis = dedupeWindowMillis;
    }

    /** The key: one cooldown per rule and client. */
    public static String key(Alert a) {
        return a.rule() + "|" + a.clientId();
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = new AlertQueue(getRuntimeContext());
        lastDelivered = getRuntimeContext().getState(new ValueStateDescriptor<>("last-delivered", Types.LONG));
        delivered = getRuntimeContext().getMapState(new MapStateDescriptor<>("delivered", Types.STRING, Types.LONG));
        suppressedCounters =
                new LabelledCounters(getRuntimeContext().getMetricGroup(), "alertsSuppressed", "rule", "reason");
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        waiting.add(alert, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<Alert> due = waiting.take(timestamp);
        if (due != null) {
            for (Alert a : due) {
                judge(a, ctx, out);
            }
            // forget this key once nothing it remembers can matter any more
            ctx.timerService()
                    .registerEventTimeTimer(
                            timestamp + retentionMillis(due.get(0).rule()) + 1);
        } else {
            String key = ctx.getCurrentKey();
            forget(timestamp, cooldownMillis.getOrDefault(key.substring(0, key.indexOf('|')), 0L));
        }
    }

    private void judge(Alert a, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (delivered.contains(a.alertId())) {
            suppress(SuppressedAlert.DUPLICATE, a, ctx);
            return;
        }
        long cooldown = cooldownMillis.getOrDefault(a.rule(), 0L);
        Long last = lastDelivered.value();
        if (cooldown > 0 && last != null && a.tsMillis() < last + cooldown) {
            suppress(SuppressedAlert.COOLDOWN, a, ctx);
            return;
        }
        lastDelivered.update(a.tsMillis());
        delivered.put(a.alertId(), a.tsMillis());
        out.collect(a);
    }

    private void suppress(String reason, Alert a, OnTimerContext ctx) {
        suppressedCounters.get(a.rule(), reason).inc();
        ctx.output(suppressedTag, new SuppressedAlert(reason, a));
    }

    private long retentionMillis(String rule) {
        return Math.max(dedupeWindowMillis, cooldownMillis.getOrDefault(rule, 0L));
    }

    private void forget(long now, long cooldown) throws Exception {
        Iterator<Map.Entry<String, Long>> it = delivered.iterator();
        while (it.hasNext()) {
            if (it.next().getValue() < now - dedupeWindowMillis) {
                it.remove();
            }
        }
        if (delivered.isEmpty()) {
            delivered.clear(); // an emptied heap map still counts as an entry until cleared
        }
        Long last = lastDelivered.value();
        if (last != null && last + cooldown <= now && delivered.isEmpty() && waiting.isEmpty()) {
            lastDelivered.clear();
        }
    }
}
