package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.OpenOrder;
import io.riskwatch.model.Side;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.StAmounts;
import io.riskwatch.state.GroupView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * SPOOFING 虚假申报 (RISK, HIGH; contract section 7, reading 17): a large order (by quantity or notional, ST / other
 * thresholds at the order, and at least 30 % of the same-side volume of the quote at it) cancelled while at least
 * half of it is still open, after a trade of the group in the symbol on the opposite side applied between the order
 * and the cancel, is an episode; the cancel that makes the group's episodes in the symbol that day reach 3 fires.
 * Once per group, symbol and day. Keyed state (per group): per symbol traded that day, the ts of its last trade on
 * each side; the day's episodes and fired symbols; dropped at the day's end.
 */
public final class SpoofingRule implements GroupRule {
    public static final String ID = "SPOOFING";
    static final String STATE = "spoofing";
    private static final long serialVersionUID = 1L;

    static final String REGULATION =
            "虚假申报: placing and cancelling large orders without intent to trade (SSE/SZSE abnormal trading behaviour)";

    /**
     * One group's day: per symbol traded, the ts of the last BUY and SELL trade applied (a trade at or after an
     * order's ts was applied after it: trades rank after orders at one ts), and the episodes and fired symbols once
     * there are any. Small parallel arrays: most groups trade a symbol or two a day.
     */
    public static class Day {
        public String[] symbols = new String[0];
        public long[] lastBuy = new long[0];
        public long[] lastSell = new long[0];
        /** Null until the first episode. */
        public List<Episode> episodes;
        /** Null until the first alert. */
        public List<String> fired;

        public Day() {}

        int indexOf(String symbol) {
            for (int i = 0; i < symbols.length; i++) {
                if (symbols[i].equals(symbol)) {
                    return i;
                }
            }
            return -1;
        }

        void traded(String symbol, Side side, long ts) {
            int i = indexOf(symbol);
            if (i < 0) {
                i = symbols.length;
                symbols = Arrays.copyOf(symbols, i + 1);
                lastBuy = Arrays.copyOf(lastBuy, i + 1);
                lastSell = Arrays.copyOf(lastSell, i + 1);
                symbols[i] = symbol;
                lastBuy[i] = Long.MIN_VALUE;
                lastSell[i] = Long.MIN_VALUE;
            }
            if (side == Side.BUY) {
                lastBuy[i] = ts;
            } else {
                lastSell[i] = ts;
            }
        }

        /** The ts of the last trade on {@code side} in {@code symbol}, or MIN_VALUE. */
        long last(String symbol, Side side) {
            int i = indexOf(symbol);
            return i < 0 ? Long.MIN_VALUE : side == Side.BUY ? lastBuy[i] : lastSell[i];
        }
    }

    /** A cancelled large order: its symbol, the order, the cancel, the order's quantity and what was still open. */
    public record Episode(
            String symbol, EvidenceEvent order, String clientId, EvidenceEvent cancel, long quantity, long open) {}

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
    private transient ValueState<Day> state;

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
        state = context.getState(new ValueStateDescriptor<>(STATE, TypeInformation.of(Day.class)));
    }

    @Override
    public void onFact(GroupFact fact, GroupView group, Consumer<Alert> alerts) throws Exception {
        if (fact.type() == EventType.TRADE) {
            Day d = state.value();
            if (d == null) {
                d = new Day();
            }
            d.traded(fact.symbol(), fact.side(), fact.ts());
            state.update(d);
            return;
        }
        OpenOrder o = fact.order();
        if (fact.type() != EventType.CANCEL || o == null || !large(o) || !unfilled(o)) {
            return;
        }
        Day d = state.value();
        Side opposite = o.side() == Side.BUY ? Side.SELL : Side.BUY;
        // a trade at or after the order's ts was applied after it; every trade applied so far is before the cancel
        if (d == null || d.last(o.symbol(), opposite) < o.ts() || (d.fired != null && d.fired.contains(o.symbol()))) {
            return;
        }
        if (d.episodes == null) {
            d.episodes = new ArrayList<>();
        }
        d.episodes.add(new Episode(
                o.symbol(),
                EvidenceEvents.of(o, group.zone()),
                o.clientId(),
                EvidenceEvents.of(fact, group.zone()),
                o.quantity(),
                o.open()));
        List<Episode> mine =
                d.episodes.stream().filter(e -> e.symbol().equals(o.symbol())).toList();
        if (mine.size() >= config.episodes()) {
            if (d.fired == null) {
                d.fired = new ArrayList<>();
            }
            d.fired.add(o.symbol());
            d.episodes.removeIf(e -> e.symbol().equals(o.symbol()));
            alerts.accept(alert(fact, group, mine));
        }
        state.update(d);
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

    private Alert alert(GroupFact fact, GroupView group, List<Episode> episodes) {
        List<EvidenceEvent> evidence = new ArrayList<>();
        List<String> members = new ArrayList<>();
        for (Episode e : episodes) {
            evidence.add(e.order());
            evidence.add(e.cancel());
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
