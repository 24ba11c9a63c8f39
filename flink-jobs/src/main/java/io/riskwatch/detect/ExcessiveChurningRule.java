package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Severity;
import io.riskwatch.config.RulesConfig;
import io.riskwatch.model.Tier;
import io.riskwatch.model.TradeFact;
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
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
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
public final class ExcessiveChurningRule {
    public static final String ID = "EXCESSIVE_CHURNING";
    static final String COUNT_STATE = "churning-day";

    /** A trade and the previous trade of the same client, symbol and day that it reverses. */
    public record Reversal(TradeFact previous, TradeFact trade) {}

    /** One client's reversals in one symbol on one day. */
    public static class Day {
        public long reversals;
        public boolean fired;
        public List<String> trades = new ArrayList<>();
        public List<String> sides = new ArrayList<>();

        public Day() {}
    }

    private ExcessiveChurningRule() {}

    /** Wires the rule: trades (keyed by client, symbol, day) -> CEP reversals -> daily count -> alerts. */
    public static DataStream<Alert> detect(DataStream<TradeFact> trades, RulesConfig.Churning config, ZoneId zone,
            String reversalsUid, String countUid) {
        DataStream<Reversal> reversals = CEP.pattern(trades.keyBy(TradeFact::clientSymbolDay, Types.STRING),
                        pattern(config))
                .inEventTime()
                .process(new ToReversal(), TypeInformation.of(Reversal.class))
                .name("EXCESSIVE_CHURNING: reversals (CEP)")
                .uid(reversalsUid);
        return reversals
                .keyBy(r -> r.trade().clientSymbolDay(), Types.STRING)
                .process(new CountReversals(config, zone), TypeInformation.of(Alert.class))
                .name("EXCESSIVE_CHURNING: count per day")
                .uid(countUid);
    }

    /** Any trade, then strictly the next trade of the same key when it reverses the first within the window. */
    public static Pattern<TradeFact, TradeFact> pattern(RulesConfig.Churning config) {
        long longest = Math.max(config.window().standard(), Math.max(config.window().hnw(), config.window().institution()));
        return Pattern.<TradeFact>begin("previous", AfterMatchSkipStrategy.noSkip())
                .next("reversal")
                .where(new ReversesPrevious(config))
                .within(Duration.ofMillis(longest + 1));
    }

    /** Opposite side to the previous trade and at most the window (of the trade's tier) after it. */
    static final class ReversesPrevious extends IterativeCondition<TradeFact> {
        private static final long serialVersionUID = 1L;
        private final RulesConfig.Churning config;

        ReversesPrevious(RulesConfig.Churning config) {
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
            out.collect(new Reversal(match.get("previous").get(0), match.get("reversal").get(0)));
        }
    }

    /** Counts one client's reversals in one symbol on one day; fires once at the threshold. */
    static final class CountReversals extends KeyedProcessFunction<String, Reversal, Alert> {
        private static final long serialVersionUID = 1L;
        private final RulesConfig.Churning config;
        private final String zone;
        private transient ValueState<Day> day;

        CountReversals(RulesConfig.Churning config, ZoneId zone) {
            this.config = config;
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
                ctx.timerService().registerEventTimeTimer(
                        LocalDate.ofEpochDay(t.epochDay() + 1).atStartOfDay(ZoneId.of(zone)).toInstant().toEpochMilli());
            }
            d.reversals++;
            if (d.trades.isEmpty() || !d.trades.get(d.trades.size() - 1).equals(r.previous().eventId())) {
                d.trades.add(r.previous().eventId());
                d.sides.add(r.previous().side().name());
            }
            d.trades.add(t.eventId());
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
                        .list("trades", d.trades)
                        .list("sides", d.sides)
                        .put("tradingDay", dayText)
                        .put("tier", tier.name())
                        .put("regulation", "excessive trading (频繁买卖)");
                String summary = d.reversals + " buy/sell reversals in " + t.symbol() + " on " + dayText
                        + ", each within " + config.window().text(tier).substring(2).toLowerCase() + " of the previous trade";
                out.collect(AlertFactory.risk(ID, Severity.MEDIUM, config.settings().ruleVersion(), t.clientId(),
                        t.brokerId(), ZoneId.of(zone), t.clientSymbolDay(), t.symbol(), t.ts(), d.trades, summary,
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
