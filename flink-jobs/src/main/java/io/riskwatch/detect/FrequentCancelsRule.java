package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.Tier;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.rule.TierDurations;
import io.riskwatch.state.ClientView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * FREQUENT_CANCELS 频繁撤单 (RISK, MEDIUM): at a cancel, within the 10 minutes ending at it (both ends
 * included), cancels >= 20 and cancels / orders placed >= 0.5, counting each by its own ts, a cancel whether or
 * not its order was seen, no orders meaning an infinite ratio (precise reading 10); then silent for that client
 * while ts &lt; previous alert + 60 min. Cancel storms can indicate spoofing or a runaway algorithm.
 * A sliding event-time window kept as the ts of the client's recent orders and cancels (keyed state): the
 * window slides with every cancel, and the silence is per client, which fixed Flink windows do not express.
 * A timer drops the state once the window and the silence have passed.
 */
public final class FrequentCancelsRule implements ClientRule {
    public static final String ID = "FREQUENT_CANCELS";
    static final String STATE = "frequent-cancels-window";
    private static final long serialVersionUID = 1L;

    /** The client's orders and cancels of the current window, oldest first, and the last alert. */
    public static class Window {
        public List<Long> orders = new ArrayList<>();
        public List<Long> cancels = new ArrayList<>();
        public List<EvidenceEvent> cancelEvents = new ArrayList<>();
        public Long lastAlert;

        public Window() {}

        void dropBefore(long from) {
            while (!orders.isEmpty() && orders.get(0) < from) {
                orders.remove(0);
            }
            while (!cancels.isEmpty() && cancels.get(0) < from) {
                cancels.remove(0);
                cancelEvents.remove(0);
            }
        }
    }

    /** In the window ending at a cancel, cancels >= minCancels and cancels / orders >= minRatio; then silence. */
    public record Settings(TierAmounts minCancels, TierAmounts minRatio, TierDurations window, TierDurations silence)
            implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(
                    TierAmounts.all("20"),
                    TierAmounts.all("0.5"),
                    TierDurations.all(Duration.ofMinutes(10)),
                    TierDurations.all(Duration.ofMinutes(60))))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "minCancels": {"$ref": "#/$defs/tierAmounts"},
                     "minRatio": {"$ref": "#/$defs/tierAmounts"}, "window": {"$ref": "#/$defs/tierDurations"},
                     "silence": {"$ref": "#/$defs/tierDurations"}}}""")
            .client((own, all, env) -> new FrequentCancelsRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private transient ValueState<Window> state;

    public FrequentCancelsRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void open(RuntimeContext context) {
        state = context.getState(new ValueStateDescriptor<>(STATE, TypeInformation.of(Window.class)));
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) throws Exception {
        if (event.type() != EventType.ORDER && event.type() != EventType.CANCEL) {
            return;
        }
        Tier tier = client.tier();
        long window = config.window().forTier(tier);
        long silence = config.silence().forTier(tier);
        Window w = state.value();
        if (w == null) {
            w = new Window();
        }
        w.dropBefore(event.ts() - window); // [ts - window, ts]: an event exactly window old still counts
        if (event.type() == EventType.ORDER) {
            w.orders.add(event.ts());
        } else {
            w.cancels.add(event.ts());
            w.cancelEvents.add(EvidenceEvents.of(event, client.zone()));
            evaluate(w, event, client, tier, window, silence, alerts);
        }
        state.update(w);
        client.wakeAt(Math.max(event.ts() + window, w.lastAlert == null ? 0 : w.lastAlert + silence) + 1);
    }

    private void evaluate(
            Window w, Event cancel, ClientView client, Tier tier, long window, long silence, Consumer<Alert> alerts) {
        BigDecimal minCancels = config.minCancels().forTier(tier);
        BigDecimal minRatio = config.minRatio().forTier(tier);
        int cancels = w.cancels.size();
        int orders = w.orders.size();
        if (BigDecimal.valueOf(cancels).compareTo(minCancels) < 0) {
            return;
        }
        // cancels / orders >= ratio, without dividing; no orders is an infinite ratio
        if (orders > 0 && BigDecimal.valueOf(cancels).compareTo(minRatio.multiply(BigDecimal.valueOf(orders))) < 0) {
            return;
        }
        if (w.lastAlert != null && cancel.ts() < w.lastAlert + silence) {
            return; // silent for `silence` after the previous alert
        }
        w.lastAlert = cancel.ts();
        Metrics metrics = Metrics.create()
                .put("cancels", cancels)
                .put("orders", orders)
                .put(
                        "ratio",
                        orders == 0
                                ? "Infinity"
                                : BigDecimal.valueOf(cancels)
                                        .divide(BigDecimal.valueOf(orders), 4, RoundingMode.HALF_EVEN)
                                        .toPlainString())
                .put("minCancels", minCancels)
                .put("minRatio", minRatio)
                .put("window", config.window().text(tier))
                .put("silence", config.silence().text(tier))
                .put("windowStart", AlertFactory.formatTs(cancel.ts() - window, client.zone()))
                .put("tier", tier.name())
                .put("regulation", "abnormal order cancellation (频繁撤单, possible spoofing)");
        String summary = cancels + " cancels against " + orders + " orders in the "
                + config.window().text(tier).substring(2).toLowerCase() + " up to this cancel";
        alerts.accept(AlertFactory.client(
                ID,
                Severity.MEDIUM,
                ruleVersion,
                client,
                client.clientId(),
                null,
                cancel,
                List.copyOf(w.cancelEvents),
                summary,
                metrics));
    }

    @Override
    public void onTimer(long ts, ClientView client, Consumer<Alert> alerts) throws Exception {
        Window w = state.value();
        if (w == null) {
            return;
        }
        Tier tier = client.tier();
        // later events have ts > this timer: what is older than ts - window can no longer count
        w.dropBefore(ts - config.window().forTier(tier) + 1);
        boolean silenced =
                w.lastAlert != null && ts < w.lastAlert + config.silence().forTier(tier);
        if (w.orders.isEmpty() && w.cancels.isEmpty() && !silenced) {
            state.clear();
        } else {
            state.update(w);
        }
    }
}
