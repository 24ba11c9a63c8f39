package io.riskwatch.detect;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.GroupPosition;
import io.riskwatch.model.MarketPoint;
import io.riskwatch.model.Side;
import io.riskwatch.rule.DurationText;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.RuleEnvironment;
import io.riskwatch.rule.StAmounts;
import io.riskwatch.state.GroupView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * RAMPING 拉抬打压 (RISK, HIGH; contract section 7, reading 18): at a trade in the continuous session, over the 3
 * minutes before it the price moved at least 2 % in the trade's direction (quote at ts against the quote at ts - 3
 * min, both of that trading day and carrying a volume), and the group's same-side trades in the symbol in (ts - 3
 * min, ts] reach 300,000 shares or a notional of 1,000,000 / 3,000,000 (ST / other, at the trade) and at least 30 %
 * of the market's volume in those 3 minutes. Once per group, symbol and day, whichever direction. Keyed state (per
 * group): each symbol's trades of the last 3 minutes per side, dropped by a wake-up once they left the window, and
 * the symbols that fired that day, dropped at its end.
 */
public final class RampingRule implements GroupRule {
    public static final String ID = "RAMPING";
    static final String STATE = "ramping";
    static final String FIRED = "ramping-fired";
    private static final long serialVersionUID = 1L;

    static final String REGULATION = "拉抬打压: moving the price with a large share of the market's volume (SSE/SZSE "
            + "abnormal trading behaviour)";

    /** One symbol in one group: its trades of the window on each side. */
    public static class Recent {
        public List<Counted> buys = new ArrayList<>();
        public List<Counted> sells = new ArrayList<>();

        public Recent() {}

        boolean isEmpty() {
            return buys.isEmpty() && sells.isEmpty();
        }
    }

    /** A trade the window counts, with the fact it came as (its evidence, should it fire). */
    public record Counted(GroupPosition at, long quantity, BigDecimal notional, GroupFact fact) {}

    /**
     * @param window how far back the move and the group's trades are measured
     * @param minMove the least price move in the trade's direction
     * @param minQty the group's same-side shares in the window that fire
     * @param minNotional ... or their notional, ST / other
     * @param minShare ... and their least share of the market's volume in the window
     */
    public record Settings(
            @JsonDeserialize(using = DurationText.Reader.class) @JsonSerialize(using = DurationText.Writer.class)
            long window,

            BigDecimal minMove,
            long minQty,
            StAmounts minNotional,
            BigDecimal minShare)
            implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.HIGH)
            .defaults(new Settings(
                    Duration.ofMinutes(3).toMillis(),
                    new BigDecimal("0.02"),
                    300_000,
                    StAmounts.of("1000000", "3000000"),
                    new BigDecimal("0.3")))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "window": {"$ref": "#/$defs/duration"},
                       "minMove": {"$ref": "#/$defs/fraction"}, "minQty": {"type": "integer", "minimum": 1},
                       "minNotional": {"$ref": "#/$defs/stAmounts"}, "minShare": {"$ref": "#/$defs/fraction"}}}""")
            .group((own, all, env) -> new RampingRule(own.settings(), own.ruleVersion(), env))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private final RuleEnvironment env;
    private transient MapState<String, Recent> state;
    private transient MapState<String, Boolean> fired;
    private transient RuleEnvironment.Session session;

    public RampingRule(Settings config, String ruleVersion, RuleEnvironment env) {
        this.config = config;
        this.ruleVersion = ruleVersion;
        this.env = env;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public long quoteLookbackMillis() {
        return config.window();
    }

    @Override
    public void open(RuntimeContext context) {
        state = context.getMapState(new MapStateDescriptor<>(STATE, Types.STRING, TypeInformation.of(Recent.class)));
        fired = context.getMapState(new MapStateDescriptor<>(FIRED, Types.STRING, Types.BOOLEAN));
        session = env.session();
    }

    @Override
    public void onFact(GroupFact fact, GroupView group, Consumer<Alert> alerts) throws Exception {
        if (fact.type() != EventType.TRADE) {
            return;
        }
        if (fired.contains(fact.symbol())) {
            return;
        }
        Recent r = state.get(fact.symbol());
        if (r == null) {
            r = new Recent();
        }
        boolean buy = fact.side() == Side.BUY;
        List<Counted> side = buy ? r.buys : r.sells;
        side.add(new Counted(
                fact.position(), fact.quantity(), fact.price().multiply(BigDecimal.valueOf(fact.quantity())), fact));
        long from = fact.ts() - config.window(); // (ts - window, ts]
        side.removeIf(c -> c.at().ts() <= from);
        List<Counted> other = buy ? r.sells : r.buys;
        other.removeIf(c -> c.at().ts() <= from);
        Measure m = session.contains(fact.ts()) ? firing(fact, group, side) : null;
        if (m != null) {
            fired.put(fact.symbol(), true);
            alerts.accept(alert(fact, group, side, m));
            state.remove(fact.symbol());
            return;
        }
        state.put(fact.symbol(), r);
        group.wakeAt(fact.ts() + config.window()); // the trade leaves every window then
    }

    /** Drops the trades that left the window by {@code ts}, and the symbols left without any. */
    @Override
    public void onTimer(long ts, GroupView group) throws Exception {
        if (state.isEmpty()) {
            return;
        }
        long from = ts - config.window();
        List<String> empty = new ArrayList<>();
        for (var e : state.entries()) {
            Recent r = e.getValue();
            r.buys.removeIf(c -> c.at().ts() <= from);
            r.sells.removeIf(c -> c.at().ts() <= from);
            if (r.isEmpty()) {
                empty.add(e.getKey());
            }
        }
        for (String symbol : empty) {
            state.remove(symbol);
        }
    }

    /** The measure when the trade completes the rule, else null. */
    private Measure firing(GroupFact fact, GroupView group, List<Counted> side) {
        Measure m = measure(fact, group, side);
        boolean fires = m != null
                && m.move.compareTo(config.minMove()) >= 0
                && m.marketVolume > 0
                && (m.quantity >= config.minQty()
                        || m.notional.compareTo(config.minNotional().of(fact.st())) >= 0)
                && BigDecimal.valueOf(m.quantity)
                                .compareTo(config.minShare().multiply(BigDecimal.valueOf(m.marketVolume)))
                        >= 0;
        return fires ? m : null;
    }

    private record Measure(
            MarketPoint q0, MarketPoint q1, BigDecimal move, long quantity, BigDecimal notional, long marketVolume) {}

    /** The move, the group's side of the window and the market volume; null when a quote is missing (18). */
    private static Measure measure(GroupFact fact, GroupView group, List<Counted> side) {
        MarketPoint q1 = fact.quote();
        MarketPoint q0 = fact.quoteBefore();
        if (!usable(q1, fact, group) || !usable(q0, fact, group)) {
            return null;
        }
        BigDecimal change = fact.side() == Side.BUY
                ? q1.price().subtract(q0.price())
                : q0.price().subtract(q1.price());
        BigDecimal move = change.divide(q0.price(), MathContext.DECIMAL64);
        long quantity = 0;
        BigDecimal notional = BigDecimal.ZERO;
        for (Counted c : side) {
            quantity += c.quantity();
            notional = notional.add(c.notional());
        }
        return new Measure(q0, q1, move, quantity, notional, q1.volume() - q0.volume());
    }

    /** A quote RAMPING can use: there, with a volume, of the trade's trading day. */
    private static boolean usable(MarketPoint q, GroupFact fact, GroupView group) {
        return q != null && q.volume() != null && group.tradingDay(q.ts()) == fact.epochDay();
    }

    private Alert alert(GroupFact fact, GroupView group, List<Counted> side, Measure m) {
        List<Counted> counted = new ArrayList<>(side);
        counted.sort(Comparator.comparing(Counted::at));
        List<GroupPosition> trades = counted.stream().map(Counted::at).toList();
        List<EvidenceEvent> evidence = new ArrayList<>();
        evidence.add(EvidenceEvents.of(m.q0(), fact.symbol(), fact.side(), group.zone()));
        evidence.add(EvidenceEvents.of(m.q1(), fact.symbol(), fact.side(), group.zone()));
        counted.forEach(c -> evidence.add(EvidenceEvents.of(c.fact(), group.zone())));
        BigDecimal share = GroupAlerts.ratio(BigDecimal.valueOf(m.quantity()), BigDecimal.valueOf(m.marketVolume()));
        BigDecimal move = m.move().setScale(4, RoundingMode.HALF_EVEN);
        String direction = fact.side() == Side.BUY ? "UP" : "DOWN";
        Metrics metrics = Metrics.create()
                .put("symbol", fact.symbol())
                .put("direction", direction)
                .put("move", move)
                .put("priceBefore", m.q0().price())
                .put("priceNow", m.q1().price())
                .put("groupQuantity", m.quantity())
                .money("groupNotional", m.notional())
                .put("marketVolume", m.marketVolume())
                .put("share", share)
                .put("window", Duration.ofMillis(config.window()).toString());
        String summary = "Group " + group.groupId() + (fact.side() == Side.BUY ? " bought " : " sold ")
                + GroupAlerts.shares(m.quantity()) + " shares of " + fact.symbol() + " (" + GroupAlerts.percent(share)
                + " of market volume) while the price moved " + GroupAlerts.percent(move) + " "
                + direction.toLowerCase(Locale.ROOT) + " in " + GroupAlerts.span(config.window());
        return GroupAlerts.of(
                ID,
                Severity.HIGH,
                ruleVersion,
                fact,
                group,
                evidence,
                GroupAlerts.clients(trades),
                summary,
                metrics,
                REGULATION);
    }

    @Override
    public void dayEnded(long epochDay) throws Exception {
        state.clear();
        fired.clear();
    }
}
