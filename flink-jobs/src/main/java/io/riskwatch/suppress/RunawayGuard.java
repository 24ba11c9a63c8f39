package io.riskwatch.suppress;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Severity;
import io.riskwatch.config.RunawayGuardSettings;
import io.riskwatch.detect.AlertFactory;
import io.riskwatch.detect.Metrics;
import io.riskwatch.metrics.LabelledCounters;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last suppression stage, keyed by rule, in event time: the runaway-rule guard. For each alert, in (ts, alertId)
 * order once the watermark has passed it:
 * <ul>
 *   <li>{@code inWindow}: the rule's alerts (delivered or held) in the minutes {@code (m - window, m]}, where
 *       {@code m} is the alert's minute, this alert included;</li>
 *   <li>{@code baseline}: the alerts the rule delivered in the minutes {@code (m - window - baseline, m - window]},
 *       scaled to one window ({@code x window / baseline});</li>
 *   <li>the rule runs away when {@code inWindow >= minAlerts} and {@code inWindow > factor x baseline}: this and
 *       each further alert is held back (side output, reason {@code runaway}) instead of delivered, and the first
 *       one raises one RUNAWAY_RULE alert for the risk desk; the rule is released, with a log line, by the first
 *       alert for which that no longer holds.</li>
 * </ul>
 * Held alerts never enter a baseline, so a rule that keeps running away stays held. Counts are kept per minute
 * and forgotten after {@code window + baseline}. Exempt rules pass untouched.
 */
public final class RunawayGuard extends KeyedProcessFunction<String, Alert, Alert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RunawayGuard.class);
    public static final String ID = "RUNAWAY_RULE";
    public static final String HELD = "runaway";

    private final OutputTag<SuppressedAlert> heldTag;
    private final RunawayGuardSettings settings;
    private final String zone;

    private transient AlertQueue waiting;
    /** per minute (epoch ms of its start): {alerts seen, alerts delivered} */
    private transient MapState<Long, int[]> minutes;
    /** while the rule is held: how many alerts were held so far */
    private transient ValueState<Long> held;

    private transient LabelledCounters alertCounters;
    private transient LabelledCounters heldCounters;

    public RunawayGuard(OutputTag<SuppressedAlert> heldTag, RunawayGuardSettings settings, String zone) {
        this.heldTag = heldTag;
        this.settings = settings;
        this.zone = zone;
    }

    /** The key: one guard per rule. */
    public static String key(Alert a) {
        return a.rule();
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = new AlertQueue(getRuntimeContext());
        minutes = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "minutes", Types.LONG, PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
        held = getRuntimeContext().getState(new ValueStateDescriptor<>("held", Types.LONG));
        alertCounters = new LabelledCounters(getRuntimeContext().getMetricGroup(), "alerts", "rule", "severity");
        heldCounters = new LabelledCounters(getRuntimeContext().getMetricGroup(), "alertsSuppressed", "rule", "reason");
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        waiting.add(alert, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<Alert> due = waiting.take(timestamp);
        if (due == null) {
            forgetBefore(minuteOf(timestamp) - settings.windowMillis() - settings.baselineMillis());
            return;
        }
        for (Alert a : due) {
            judge(a, ctx, out);
        }
        if (!settings.watches(ctx.getCurrentKey())) {
            return;
        }
        // nothing kept can matter once window and baseline have passed without an alert
        ctx.timerService()
                .registerEventTimeTimer(minuteOf(timestamp)
                        + settings.windowMillis()
                        + settings.baselineMillis()
                        + RunawayGuardSettings.MINUTE);
    }

    private void judge(Alert a, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (!settings.watches(a.rule())) {
            alertCounters.get(a.rule(), a.severity().name()).inc();
            out.collect(a);
            return;
        }
        long minute = minuteOf(a.tsMillis());
        int[] counts = minutes.get(minute);
        if (counts == null) {
            counts = new int[2];
        }
        counts[0]++;
        minutes.put(minute, counts);
        long windowStart = minute - settings.windowMillis(); // exclusive
        long baselineStart = windowStart - settings.baselineMillis(); // exclusive
        long inWindow = 0;
        long delivered = 0;
        Iterator<Map.Entry<Long, int[]>> it = minutes.iterator();
        while (it.hasNext()) {
            Map.Entry<Long, int[]> e = it.next();
            long m = e.getKey();
            if (m <= baselineStart) {
                it.remove();
            } else if (m <= windowStart) {
                delivered += e.getValue()[1];
            } else if (m <= minute) {
                inWindow += e.getValue()[0];
            }
        }
        // inWindow > factor x delivered x window / baseline, without rounding
        boolean runaway = inWindow >= settings.minAlerts()
                && inWindow * (double) settings.baselineMillis()
                        > settings.factor() * delivered * settings.windowMillis();
        Long heldSoFar = held.value();
        if (!runaway) {
            if (heldSoFar != null) {
                held.clear();
                LOG.info(
                        "runaway guard: {} released at {}: {} alert(s) in the last {}, baseline {}; "
                                + "{} alert(s) were held back (<prefix>:heldback)",
                        a.rule(),
                        a.ts(),
                        inWindow,
                        span(settings.windowMillis()),
                        perWindow(delivered),
                        heldSoFar);
            }
            deliver(a, minute, counts, out);
            return;
        }
        if (heldSoFar == null) {
            heldSoFar = 0L;
            Alert notice = notice(a, inWindow, delivered);
            LOG.warn(
                    "runaway guard: {} runs away at {}: {} alerts in the last {}, over {} x its baseline of {}; its "
                            + "alerts are held back until the rate falls, raised {}",
                    a.rule(),
                    a.ts(),
                    inWindow,
                    span(settings.windowMillis()),
                    factorText(),
                    perWindow(delivered),
                    notice.alertId());
            alertCounters.get(notice.rule(), notice.severity().name()).inc();
            out.collect(notice);
        }
        held.update(heldSoFar + 1);
        heldCounters.get(a.rule(), HELD).inc();
        ctx.output(heldTag, new SuppressedAlert(HELD, a));
    }

    private void deliver(Alert a, long minute, int[] counts, Collector<Alert> out) throws Exception {
        counts[1]++;
        minutes.put(minute, counts);
        alertCounters.get(a.rule(), a.severity().name()).inc();
        out.collect(a);
    }

    /** The one alert for the risk desk: which rule, how many, against what baseline; the tripping alert as evidence. */
    private Alert notice(Alert tripping, long inWindow, long delivered) {
        BigDecimal baseline = perWindow(delivered);
        Metrics metrics = Metrics.create()
                .put("heldRule", tripping.rule())
                .put("alertsInWindow", inWindow)
                .put("window", span(settings.windowMillis()))
                .put("baselinePerWindow", baseline)
                .put("baseline", span(settings.baselineMillis()))
                .put("factor", BigDecimal.valueOf(settings.factor()).stripTrailingZeros())
                .put("minAlerts", settings.minAlerts())
                .put("firstHeldAlertId", tripping.alertId());
        String summary = tripping.rule() + " raised " + inWindow + " alerts in " + span(settings.windowMillis())
                + ", over " + factorText() + " x its baseline of " + baseline.toPlainString() + " per "
                + span(settings.windowMillis()) + ": its further alerts are held back from the inbox and the notifiers "
                + "until the rate falls";
        return AlertFactory.risk(
                ID,
                Severity.HIGH,
                tripping.ruleVersion(),
                tripping.clientId(),
                tripping.brokerId(),
                ZoneId.of(zone),
                tripping.rule(),
                tripping.symbol(),
                tripping.tsMillis(),
                tripping.evidence(),
                tripping.evidenceEventsJson(),
                summary,
                metrics);
    }

    private BigDecimal perWindow(long delivered) {
        return BigDecimal.valueOf(delivered * settings.windowMillis())
                .divide(BigDecimal.valueOf(settings.baselineMillis()), 2, RoundingMode.HALF_EVEN);
    }

    private String factorText() {
        return BigDecimal.valueOf(settings.factor()).stripTrailingZeros().toPlainString();
    }

    /** 600000 -> "10min", 86400000 -> "24h": the config file's way of writing a duration. */
    static String span(long millis) {
        long minutes = millis / RunawayGuardSettings.MINUTE;
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "min";
    }

    private void forgetBefore(long inclusive) throws Exception {
        Iterator<Map.Entry<Long, int[]>> it = minutes.iterator();
        while (it.hasNext()) {
            if (it.next().getKey() <= inclusive) {
                it.remove();
            }
        }
        if (minutes.isEmpty()) {
            minutes.clear();
        }
    }

    private static long minuteOf(long ts) {
        return Math.floorDiv(ts, RunawayGuardSettings.MINUTE) * RunawayGuardSettings.MINUTE;
    }
}
