package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.EventType;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.GroupPosition;
import io.riskwatch.model.OpenOrder;
import io.riskwatch.model.Side;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.StAmounts;
import io.riskwatch.state.GroupView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * SPOOFING 虚假申报 (RISK, HIGH; contract section 7, reading 17): a large order (by quantity or notional, ST / other
 * thresholds at the order, and at least 30 % of the same-side volume of the quote at it) cancelled while at least
 * half of it is still open, after a trade of the group in the symbol on the opposite side applied between the order
 * and the cancel, is an episode; the cancel that makes the group's episodes in the symbol that day reach 3 fires.
 * Once per group, symbol and day. Keyed state (per group): each symbol's last trade on each side and its episodes of
 * the day, dropped at its end.
 */
public final class SpoofingRule implements GroupRule {
    public static final String ID = "SPOOFING";
    static final String STATE = "spoofing";
    private static final long serialVersionUID = 1L;

    static final String REGULATION =
            "虚假申报: placing and cancelling large orders without intent to trade (SSE/SZSE abnormal trading behaviour)";

    /** One symbol's day in one group: where the last trade on each side was applied, and the episodes. */
    public static class Day {
        public GroupPosition lastBuy;
        public GroupPosition lastSell;
        public List<Episode> episodes = new ArrayList<>();
        public boolean fired;

        public Day() {}
    }

    /** A cancelled large order: the order, the cancel, the order's quantity and what was still open. */
    public record Episode(String orderEventId, String clientId, String cancelEventId, long quantity, long open) {}

    /**
     * @param minQty an order this large (shares) is large, ST / other
     * @param minNotional ... or this large in price x quantity
     * @param minBookShare ... and at least this share of the same-side volume resting at the best price
     * @param minUnfilled the least open share of the order at its cancel
     * @param episodes the episodes of a day that fire
     */
    public record Settings(
            StAmounts minQty, StAmounts minNotional, BigDecimal minBookShare, BigDecimal minUnfilled, long episodes)
            implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.HIGH)
            .defaults(new Settings(
                    StAmounts.of("500000", "1000000"),
                    StAmounts.of("2000000", "10000000"),
                    new BigDecimal("0.3"),
                    new BigDecimal("0.5"),
                    3))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"},
                       "minQty": {"$ref": "#/$defs/stAmounts"}, "minNotional": {"$ref": "#/$defs/stAmounts"},
                       "minBookShare": {"$ref": "#/$defs/fraction"}, "minUnfilled": {"$ref": "#/$defs/fraction"},
                       "episodes": {"type": "integer", "minimum": 1}}}""")
            .group((own, all, env) -> new SpoofingRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private transient MapState<String, Day> state;

    public SpoofingRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void open(RuntimeContext context) {
        state = context.getMapState(new MapStateDescriptor<>(STATE, Types.STRING, TypeInformation.of(Day.class)));
    }

    @Override
    public void onFact(GroupFact fact, GroupView group, Consumer<Alert> alerts) throws Exception {
        if (fact.type() == EventType.TRADE) {
            Day d = day(fact.symbol());
            if (fact.side() == Side.BUY) {
                d.lastBuy = fact.position();
            } else {
                d.lastSell = fact.position();
            }
            state.put(fact.symbol(), d);
            return;
        }
        OpenOrder o = fact.order();
        if (fact.type() != EventType.CANCEL || o == null || !large(o) || !unfilled(o)) {
            return;
        }
        Day d = state.get(o.symbol());
        GroupPosition opposite = d == null ? null : (o.side() == Side.BUY ? d.lastSell : d.lastBuy);
        if (d == null || d.fired || opposite == null || opposite.compareTo(GroupPosition.of(o)) <= 0) {
            return; // no trade on the other side since the order (this day's trades are all kept)
        }
        d.episodes.add(new Episode(o.eventId(), o.clientId(), fact.eventId(), o.quantity(), o.open()));
        if (d.episodes.size() >= config.episodes()) {
            d.fired = true;
            alerts.accept(alert(fact, group, d.episodes));
            d.episodes = new ArrayList<>();
        }
        state.put(o.symbol(), d);
    }

    /** Large at its placing (reading 17): size, and share of the same-side volume of the quote at it. */
    boolean large(OpenOrder o) {
        BigDecimal qty = BigDecimal.valueOf(o.quantity());
        boolean size = qty.compareTo(config.minQty().of(o.st())) >= 0
                || o.price().multiply(qty).compareTo(config.minNotional().of(o.st())) >= 0;
        return size
                && o.sideVolume() != null
                && qty.compareTo(config.minBookShare().multiply(BigDecimal.valueOf(o.sideVolume()))) >= 0;
    }

    private boolean unfilled(OpenOrder o) {
        return BigDecimal.valueOf(o.open()).compareTo(config.minUnfilled().multiply(BigDecimal.valueOf(o.quantity())))
                >= 0;
    }

    private Day day(String symbol) throws Exception {
        Day d = state.get(symbol);
        return d == null ? new Day() : d;
    }

    private Alert alert(GroupFact fact, GroupView group, List<Episode> episodes) {
        List<String> evidence = new ArrayList<>();
        List<String> members = new ArrayList<>();
        for (Episode e : episodes) {
            evidence.add(e.orderEventId());
            evidence.add(e.cancelEventId());
            members.add(e.clientId());
        }
        Metrics metrics = Metrics.create()
                .put("symbol", fact.symbol())
                .put("episodes", episodes.size())
                .put("threshold", config.episodes())
                .longList(
                        "orderQuantities",
                        episodes.stream().map(Episode::quantity).toList())
                .decimalList(
                        "unfilledFractions",
                        episodes.stream()
                                .map(e -> GroupAlerts.ratio(
                                        BigDecimal.valueOf(e.open()), BigDecimal.valueOf(e.quantity())))
                                .toList());
        String summary = "Group " + group.groupId() + " cancelled " + episodes.size() + " large " + fact.symbol()
                + " orders mostly unfilled after trading on the other side today";
        return GroupAlerts.of(
                ID, Severity.HIGH, ruleVersion, fact, group, evidence, members, summary, metrics, REGULATION);
    }

    @Override
    public void dayEnded(long epochDay) throws Exception {
        state.clear();
    }
}
