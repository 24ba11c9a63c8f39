package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.MarketPoint;
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
import org.apache.flink.api.common.typeinfo.Types;

/**
 * LIMIT_HOLDING 维持涨跌幅限制价格 (RISK, MEDIUM; contract section 7, reading 19): at a BUY order at the limit-up
 * price (SELL at limit-down) while the symbol's quote is at that limit, the group's open quantity on that side at
 * that price (its orders placed that day, this one included) reaches 500,000 / 1,000,000 shares or a notional of
 * 2,000,000 / 10,000,000 (ST / other, at the order) and at least 30 % of the volume resting at the limit. Once per
 * group, symbol and day, whichever side. Keyed state (per group): the symbols that fired that day; the open orders
 * are the group book's.
 */
public final class LimitHoldingRule implements GroupRule {
    public static final String ID = "LIMIT_HOLDING";
    static final String STATE = "limit-holding";
    private static final long serialVersionUID = 1L;

    static final String REGULATION =
            "维持涨跌幅限制价格: holding a security at its price limit (SSE/SZSE abnormal trading behaviour)";

    /**
     * @param minQty the open quantity at the limit that fires, ST / other
     * @param minNotional ... or its notional
     * @param minShare ... and its least share of the volume resting at the limit (best bid at limit-up, best ask
     *     at limit-down)
     */
    public record Settings(StAmounts minQty, StAmounts minNotional, BigDecimal minShare) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(
                    StAmounts.of("500000", "1000000"), StAmounts.of("2000000", "10000000"), new BigDecimal("0.3")))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"},
                       "minQty": {"$ref": "#/$defs/stAmounts"}, "minNotional": {"$ref": "#/$defs/stAmounts"},
                       "minShare": {"$ref": "#/$defs/fraction"}}}""")
            .group((own, all, env) -> new LimitHoldingRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private transient MapState<String, Boolean> fired;

    public LimitHoldingRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean readsOpenOrders() {
        return true;
    }

    @Override
    public void open(RuntimeContext context) {
        fired = context.getMapState(new MapStateDescriptor<>(STATE, Types.STRING, Types.BOOLEAN));
    }

    @Override
    public void onFact(GroupFact fact, GroupView group, Consumer<Alert> alerts) throws Exception {
        if (fact.type() != EventType.ORDER) {
            return;
        }
        MarketPoint q = fact.quote(); // from the order's side: its limit, the volume resting there
        if (q == null) {
            return;
        }
        BigDecimal limit = q.limit();
        Long resting = q.resting();
        if (limit == null
                || resting == null
                || q.price().compareTo(limit) != 0
                || fact.price().compareTo(limit) != 0
                || fired.contains(fact.symbol())) {
            return;
        }
        List<OpenOrder> open = group.book().openOrders(fact.symbol(), fact.side(), fact.price());
        long quantity = open.stream().mapToLong(OpenOrder::open).sum();
        BigDecimal qty = BigDecimal.valueOf(quantity);
        BigDecimal notional = qty.multiply(fact.price());
        boolean size = qty.compareTo(config.minQty().of(fact.st())) >= 0
                || notional.compareTo(config.minNotional().of(fact.st())) >= 0;
        if (!size || qty.compareTo(config.minShare().multiply(BigDecimal.valueOf(resting))) < 0) {
            return;
        }
        fired.put(fact.symbol(), true);
        alerts.accept(alert(fact, group, q, open, quantity, notional, resting));
    }

    private Alert alert(
            GroupFact fact,
            GroupView group,
            MarketPoint q,
            List<OpenOrder> open,
            long quantity,
            BigDecimal notional,
            long resting) {
        List<EvidenceEvent> evidence = new ArrayList<>();
        evidence.add(EvidenceEvents.of(q, fact.symbol(), fact.side(), group.zone()));
        open.forEach(o -> evidence.add(EvidenceEvents.of(o, group.zone())));
        BigDecimal share =
                resting == 0 ? null : GroupAlerts.ratio(BigDecimal.valueOf(quantity), BigDecimal.valueOf(resting));
        Metrics metrics = Metrics.create()
                .put("symbol", fact.symbol())
                .put("side", fact.side().name())
                .put("limitPrice", fact.price())
                .put("openQuantity", quantity)
                .money("notional", notional)
                .put("restingVolume", resting)
                .put("share", share)
                .put("orders", open.size())
                .put("minQty", config.minQty().of(fact.st()))
                .money("minNotional", config.minNotional().of(fact.st()))
                .put("minShare", config.minShare());
        String summary = "Group " + group.groupId() + " holds " + GroupAlerts.shares(quantity) + " shares open "
                + (fact.side() == Side.BUY ? "at the limit-up " : "at the limit-down ")
                + AlertFactory.money(fact.price()) + " of "
                + fact.symbol() + (share == null ? "" : " (" + GroupAlerts.percent(share) + " of the resting volume)");
        return GroupAlerts.of(
                ID,
                Severity.MEDIUM,
                ruleVersion,
                fact,
                group,
                evidence,
                open.stream().map(OpenOrder::clientId).toList(),
                summary,
                metrics,
                REGULATION);
    }

    @Override
    public void dayEnded(long epochDay) throws Exception {
        fired.clear();
    }
}
