package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.GroupPosition;
import io.riskwatch.model.MarketPoint;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.state.GroupBook;
import io.riskwatch.state.GroupView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * SELF_TRADE 自买自卖/互为对手方 (RISK, HIGH; contract section 7, reading 20): two trades of one linked-account
 * group on opposite sides of one execution (same symbol and matchId; one client on both sides counts too) form a
 * self-match, paired by the group operator. At the completing trade, the group's self-matched quantity in the symbol
 * that trading day must reach 100,000 shares and 10 % of the market's volume so far that day (the volume of the
 * quote at the trade, of that day; a volume of 0 passes). Once per group, symbol and day. Keyed state (per group):
 * each symbol's matches of the day, dropped at its end.
 */
public final class SelfTradeRule implements GroupRule {
    public static final String ID = "SELF_TRADE";
    static final String STATE = "self-trade";
    private static final long serialVersionUID = 1L;

    static final String REGULATION =
            "自买自卖/互为对手方交易: trading with oneself or between linked accounts (SSE/SZSE " + "abnormal trading behaviour)";

    /** One symbol's self-matches of the day. */
    public static class Matches {
        public long quantity;
        public long count;
        /** Both trades of every match, in the order they were applied. */
        public List<Matched> trades = new ArrayList<>();

        public boolean fired;

        public Matches() {}
    }

    /** One trade of a self-match: where it was applied and its evidence. */
    public record Matched(GroupPosition at, EvidenceEvent event) {}

    /**
     * @param minQty the self-matched quantity of a day that fires
     * @param minShare ... and its least share of the market's volume so far that day
     */
    public record Settings(long minQty, BigDecimal minShare) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.HIGH)
            .defaults(new Settings(100_000, new BigDecimal("0.10")))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"},
                       "minQty": {"type": "integer", "minimum": 1},
                       "minShare": {"$ref": "#/$defs/fraction"}}}""")
            .group((own, all, env) -> new SelfTradeRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private transient MapState<String, Matches> state;

    public SelfTradeRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean readsSelfMatches() {
        return true;
    }

    @Override
    public void open(RuntimeContext context) {
        state = context.getMapState(new MapStateDescriptor<>(STATE, Types.STRING, TypeInformation.of(Matches.class)));
    }

    @Override
    public void onFact(GroupFact fact, GroupView group, Consumer<Alert> alerts) throws Exception {
        GroupBook.SelfMatch match = group.selfMatch();
        if (match == null) {
            return;
        }
        Matches m = state.get(fact.symbol());
        if (m == null) {
            m = new Matches();
        }
        if (m.fired) {
            return;
        }
        m.quantity += match.quantity();
        m.count++;
        m.trades.add(new Matched(
                match.first(), EvidenceEvents.of(match.waiting(), fact.symbol(), fact.matchId(), group.zone())));
        m.trades.add(new Matched(match.second(), EvidenceEvents.of(fact, group.zone())));
        Long marketVolume = marketVolume(fact, group);
        if (marketVolume != null
                && m.quantity >= config.minQty()
                && BigDecimal.valueOf(m.quantity)
                                .compareTo(config.minShare().multiply(BigDecimal.valueOf(marketVolume)))
                        >= 0) {
            m.fired = true;
            alerts.accept(alert(fact, group, m, marketVolume));
            m.trades = new ArrayList<>(); // evidence given; the day's mark is all that is kept
        }
        state.put(fact.symbol(), m);
    }

    /** The volume of the quote at the trade, when that quote is of the trade's day and has one; else null. */
    private static Long marketVolume(GroupFact fact, GroupView group) {
        MarketPoint q = fact.quote();
        if (q == null || q.volume() == null) {
            return null;
        }
        return group.tradingDay(q.ts()) == fact.epochDay() ? q.volume() : null;
    }

    private Alert alert(GroupFact fact, GroupView group, Matches m, long marketVolume) {
        List<Matched> trades = new ArrayList<>(m.trades);
        trades.sort(Comparator.comparing(Matched::at)); // group processing order: the completing trade is last
        BigDecimal share = marketVolume == 0
                ? null
                : GroupAlerts.ratio(BigDecimal.valueOf(m.quantity), BigDecimal.valueOf(marketVolume));
        Metrics metrics = Metrics.create()
                .put("symbol", fact.symbol())
                .put("selfQuantity", m.quantity)
                .put("marketVolume", marketVolume)
                .put("share", share)
                .put("matches", m.count)
                .put("minQty", config.minQty())
                .put("minShare", config.minShare());
        String summary = "Group " + group.groupId() + " traded " + GroupAlerts.shares(m.quantity) + " shares of "
                + fact.symbol() + " with itself today in " + m.count + (m.count == 1 ? " match" : " matches")
                + (share == null ? "" : " (" + GroupAlerts.percent(share) + " of market volume)");
        return GroupAlerts.of(
                ID,
                Severity.HIGH,
                ruleVersion,
                fact,
                group,
                trades.stream().map(Matched::event).toList(),
                trades.stream().map(t -> t.at().clientId()).toList(),
                summary,
                metrics,
                REGULATION);
    }

    @Override
    public void dayEnded(long epochDay) throws Exception {
        state.clear();
    }
}
