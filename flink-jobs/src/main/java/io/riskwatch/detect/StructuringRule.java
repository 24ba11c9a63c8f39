package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Tier;
import io.riskwatch.model.Transfer;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.rule.TierDurations;
import io.riskwatch.state.ClientView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * STRUCTURING 拆分规避 (RISK, HIGH): three same-direction transfers, each in [0.8 x T, T) where T is the
 * client's LARGE_TRANSFER threshold at that transfer, all within 24 h; fires at the third, and the three are
 * used up. The typology: splitting a large amount to stay under the large-value reporting threshold.
 * Keyed state rather than CEP: precise reading 6 defines it as a set (the unused qualifying transfers of the
 * last 24 h per direction), which a list in state says directly; a timer drops entries that left the window.
 */
public final class StructuringRule implements ClientRule {
    public static final String ID = "STRUCTURING";
    private static final long serialVersionUID = 1L;

    /** The unused qualifying transfers of one direction, oldest first. */
    public static class Pending {
        public List<String> eventIds = new ArrayList<>();
        public List<Long> times = new ArrayList<>();
        public List<BigDecimal> amounts = new ArrayList<>();
        public List<BigDecimal> thresholds = new ArrayList<>();

        public Pending() {}

        void dropOlderThan(long limit) {
            while (!times.isEmpty() && times.get(0) < limit) {
                eventIds.remove(0);
                times.remove(0);
                amounts.remove(0);
                thresholds.remove(0);
            }
        }
    }

    /**
     * {@code count} transfers in [lowerFraction x T, T) within the window, T being LARGE_TRANSFER's threshold.
     */
    public record Settings(int count, BigDecimal lowerFraction, TierDurations window) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.HIGH)
            .defaults(new Settings(3, new BigDecimal("0.8"), TierDurations.all(Duration.ofHours(24))))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "count": {"type": "integer", "minimum": 2},
                                    "lowerFraction": {"$ref": "#/$defs/fraction"},
                                    "window": {"$ref": "#/$defs/tierDurations"}}}""")
            .client((own, all, env) -> new StructuringRule(own.settings(), own.ruleVersion(),
                    all.settings(LargeTransferRule.DEFINITION).threshold()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private final TierAmounts reportingThreshold;
    private transient MapState<String, Pending> pending;

    /** @param reportingThreshold LARGE_TRANSFER's threshold per tier (T) */
    public StructuringRule(Settings config, String ruleVersion, TierAmounts reportingThreshold) {
        this.config = config;
        this.ruleVersion = ruleVersion;
        this.reportingThreshold = reportingThreshold;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void open(RuntimeContext context) {
        pending = context.getMapState(new MapStateDescriptor<>("structuring-pending", Types.STRING,
                TypeInformation.of(Pending.class)));
    }

    /** Does this transfer qualify with the tier in force at it: amount in [lowerFraction x T, T)? */
    boolean qualifies(BigDecimal amount, BigDecimal threshold) {
        return amount.compareTo(threshold) < 0 && amount.compareTo(threshold.multiply(config.lowerFraction())) >= 0;
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) throws Exception {
        if (event.type() != EventType.TRANSFER) {
            return;
        }
        Transfer t = event.transfer();
        Tier tier = client.tier();
        BigDecimal threshold = reportingThreshold.forTier(tier);
        if (!qualifies(t.amount(), threshold)) {
            return;
        }
        long window = config.window().forTier(tier);
        String direction = t.direction().name();
        Pending p = pending.get(direction);
        if (p == null) {
            p = new Pending();
        }
        // within 24 h includes the edge: later.ts - earlier.ts <= window
        p.dropOlderThan(event.ts() - window);
        p.eventIds.add(event.eventId());
        p.times.add(event.ts());
        p.amounts.add(t.amount());
        p.thresholds.add(threshold);
        if (p.eventIds.size() >= config.count()) {
            Metrics metrics = Metrics.create()
                    .put("direction", direction)
                    .put("count", p.eventIds.size())
                    .moneyList("amounts", p.amounts)
                    .money("sum", p.amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                    .moneyList("reportingThresholds", p.thresholds)
                    .put("lowerFraction", config.lowerFraction())
                    .put("window", config.window().text(tier))
                    .put("spanMillis", event.ts() - p.times.get(0))
                    .put("tier", tier.name())
                    .put("regulation", "structuring below the large-value reporting threshold (拆分交易)");
            String summary = p.eventIds.size() + " transfers " + direction + " just under the "
                    + AlertFactory.money(threshold) + " CNY reporting threshold within "
                    + config.window().text(tier).substring(2).toLowerCase();
            alerts.accept(AlertFactory.client(ID, Severity.HIGH, ruleVersion, client,
                    client.clientId() + "|" + direction, null, event, p.eventIds, summary, metrics));
            pending.remove(direction); // the matched transfers are used up
            return;
        }
        pending.put(direction, p);
        client.wakeAt(p.times.get(0) + window + 1);
    }

    @Override
    public void onTimer(long ts, ClientView client, Consumer<Alert> alerts) throws Exception {
        long window = config.window().forTier(client.tier());
        Iterator<Map.Entry<String, Pending>> it = pending.iterator();
        boolean any = false;
        while (it.hasNext()) {
            Map.Entry<String, Pending> e = it.next();
            Pending p = e.getValue();
            // every later event has ts > this timer: an entry at or before ts - window can no longer pair
            p.dropOlderThan(ts - window + 1);
            if (p.eventIds.isEmpty()) {
                it.remove();
            } else {
                e.setValue(p);
                any = true;
                client.wakeAt(p.times.get(0) + window + 1);
            }
        }
        if (!any) {
            pending.clear();
        }
    }
}
