package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.Tier;
import io.riskwatch.model.TradeFact;
import io.riskwatch.rule.Facts;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.SequenceRule;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.rule.TierDurations;
import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * EXCESSIVE_CHURNING 频繁买卖 (RISK, MEDIUM): per client, symbol and trading day, a trade is a reversal when its
 * side is opposite to the previous trade's in that symbol that day and it comes at most 30 min after it; fires
 * when reversals reach 4, once per client, symbol and day (precise readings 9, 14). Seed 001's "frequent buying
 * and selling".
 *
 * <p>A Flink CEP pattern, because "a trade strictly followed by an opposite one within 30 min" is a sequence:
 * {@code begin("previous").next("reversal")} over the trades of one client, symbol and day, with no skipping, so
 * every trade is both the reversal of the one before and the previous of the one after; a same-side fill breaks
 * the strict contiguity and becomes the new previous trade. A small keyed count then fires at the 4th reversal
 * of the day and is dropped by a timer at the next day's start. {@code within(window + 1 ms)} lets CEP prune a
 * trade that no reversal can follow any more; the window edge itself (inclusive) is the condition's.
 */
public final class ExcessiveChurningRule implements SequenceRule<TradeFact, ExcessiveChurningRule.Reversal> {
    public static final String ID = "EXCESSIVE_CHURNING";
    private static final long serialVersionUID = 1L;
    static final String COUNT_STATE = "churning-day";

    /** @param minReversals per tier: reversals in one symbol on one day that fire */
    public record Settings(TierAmounts minReversals, TierDurations window) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(TierAmounts.all("4"), TierDurations.all(Duration.ofMinutes(30))))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "minReversals": {"$ref": "#/$defs/tierAmounts"},
                                    "window": {"$ref": "#/$defs/tierDurations"}}}""")
            .sequence((own, all, env) -> new ExcessiveChurningRule(own.settings(), own.ruleVersion(), env.zone()))
            .build();

    /** A trade and the previous trade of the same client, symbol and day that it reverses. */
    public record Reversal(TradeFact previous, TradeFact trade) {}

    /** One client's reversals in one symbol on one day. */
    public static class Day {
        public long reversals;
        public boolean fired;
        public List<EvidenceEvent> trades = new ArrayList<>();
        public List<String> sides = new ArrayList<>();

        public Day() {}
    }

    private final Settings config;
    private final String ruleVersion;
    private final String zone;

    public ExcessiveChurningRule(Settings config, String ruleVersion, ZoneId zone) {
        this.config = config;
        this.ruleVersion = ruleVersion;
        this.zone = zone.getId();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Facts input() {
        return Facts.TRADES;
    }

    @Override
    public KeySelector<TradeFact, String> key() {
        return TradeFact::clientSymbolDay;
    }

    @Override
    public Pattern<TradeFact, TradeFact> pattern() {
        return pattern(config);
    }

    @Override
    public PatternProcessFunction<TradeFact, Reversal> process() {
        return new ToReversal();
    }

    @Override
    public TypeInformation<Reversal> matchType() {
        return TypeInformation.of(Reversal.class);
    }

    @Override
    public String uid() {
        return "churning-reversals";
    }

    /** Trades (keyed by client, symbol, day) -> CEP reversals -> this daily count -> alerts. */
    @Override
    public Then<Reversal> then() {
        return new Then<>(
                r -> r.trade().clientSymbolDay(),
                new CountReversals(config, ruleVersion, ZoneId.of(zone)),
                "count per day",
                "churning-count");
    }

    /** Any trade, then strictly the next trade of the same key when it reverses the first within the window. */
    static Pattern<TradeFact, TradeFact> pattern(Settings config) {
        long longest = config.window().longest();
        return Pattern.<TradeFact>begin("previous", AfterMatchSkipStrategy.noSkip())
                .next("reversal")
                .where(new ReversesPrevious(config))
                .within(Duration.ofMillis(longest + 1));
    }

    /** Opposite side to the previous trade and at most the window (of the trade's tier) after it. */
    static final class ReversesPrevious extends IterativeCondition<TradeFact> {
        private static final long serialVersionUID = 1L;
        private final Settings config;

        ReversesPrevious(Settings config) {
            this.config = config;
        }

        @Override
        public boolean filter(TradeFact trade, Context<TradeFact> ctx) throws Exception {
            TradeFact previous = ctx.getEventsForPattern("previous").iterator().next();
            return trade.side() != previous.side()
                    && trade.ts() - previous.ts() <= config.window().forTier(trade.tier());
        }
    }

    /** A match is one reversal. */
    static final class ToReversal extends PatternProcessFunction<TradeFact, Reversal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processMatch(Map<String, List<TradeFact>> match, Context ctx, Collector<Reversal> out) {
            out.collect(new Reversal(
                    match.get("previous").get(0), match.get("reversal").get(0)));
        }
    }

    /** Counts one client's reversals in one symbol on one day; fires once at the threshold. */
    static final class CountReversals extends KeyedProcessFunction<String, Reversal, Alert> {
        private static final long serialVersionUID = 1L;
        private final Settings config;
        private final String ruleVersion;
        private final String zone;
        private transient ValueState<Day> day;

        CountReversals(Settings config, String ruleVersion, ZoneId zone) {
            this.config = config;
            this.ruleVersion = ruleVersion;
            this.zone = zone.getId();
        }

        @Override
        public void open(OpenContext openContext) {
            day = getRuntimeContext().getState(new ValueStateDescriptor<>(COUNT_STATE, TypeInformation.of(Day.class)));
        }

        @Override
        public void processElement(Reversal r, Context ctx, Collector<Alert> out) throws Exception {
            Day d = day.value();
            TradeFact t = r.trade();
            if (d == null) {
                d = new Day();
                ctx.timerService()
                        .registerEventTimeTimer(LocalDate.ofEpochDay(t.epochDay() + 1)
                                .atStartOfDay(ZoneId.of(zone))
                                .toInstant()
                                .toEpochMilli());
            }
            d.reversals++;
            if (d.trades.isEmpty()
                    || !d.trades
                            .get(d.trades.size() - 1)
                            .eventId()
                            .equals(r.previous().eventId())) {
                d.trades.add(EvidenceEvents.of(r.previous(), ZoneId.of(zone)));
                d.sides.add(r.previous().side().name());
            }
            d.trades.add(EvidenceEvents.of(t, ZoneId.of(zone)));
            d.sides.add(t.side().name());
            Tier tier = t.tier();
            long min = config.minReversals().forTier(tier).longValueExact();
            if (!d.fired && d.reversals >= min) {
                d.fired = true;
                String dayText = LocalDate.ofEpochDay(t.epochDay()).toString();
                Metrics metrics = Metrics.create()
                        .put("reversals", d.reversals)
                        .put("minReversals", min)
                        .put("window", config.window().text(tier))
                        .list("trades", EvidenceEvents.ids(d.trades))
                        .list("sides", d.sides)
                        .put("tradingDay", dayText)
                        .put("tier", tier.name())
                        .put("regulation", "excessive trading (频繁买卖)");
                String summary =
                        d.reversals + " buy/sell reversals in " + t.symbol() + " on " + dayText + ", each within "
                                + config.window().text(tier).substring(2).toLowerCase() + " of the previous trade";
                out.collect(AlertFactory.risk(
                        ID,
                        Severity.MEDIUM,
                        ruleVersion,
                        t.clientId(),
                        t.brokerId(),
                        ZoneId.of(zone),
                        t.clientSymbolDay(),
                        t.symbol(),
                        t.ts(),
                        d.trades,
                        summary,
                        metrics));
            }
            day.update(d);
        }

        @Override
        public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) {
            day.clear(); // the key is one day: it has ended
        }
    }
}
