package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.Tier;
import io.riskwatch.model.TransferFact;
import io.riskwatch.rule.Facts;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.SequenceRule;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.rule.TierDurations;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

/**
 * STRUCTURING 拆分规避 (RISK, HIGH): three same-direction transfers, each in [0.8 x T, T) where T is the
 * client's LARGE_TRANSFER threshold at that transfer, all within 24 h; fires at the third, and the three are
 * used up (precise reading 6). The typology: splitting a large amount to stay under the large-value reporting
 * threshold.
 *
 * <p>A Flink CEP sequence over one client's transfers of one direction, in processing order: a {@code first}
 * qualifying transfer, then {@code count - 1} more, each qualifying and at most the window (of the tier at it)
 * after the first. Relaxed contiguity skips the transfers that do not qualify. Every qualifying transfer starts a
 * candidate, so the candidate of the oldest unused transfer still in the window completes first; skipping past
 * the match's last transfer drops every other candidate, which is "used up". {@code within(longest window + 1
 * ms)} lets CEP drop a candidate no transfer can complete any more; the inclusive edge is the condition's.
 */
public final class StructuringRule implements SequenceRule<TransferFact, Alert> {
    public static final String ID = "STRUCTURING";
    private static final long serialVersionUID = 1L;

    /**
     * {@code count} transfers in [lowerFraction x T, T) within the window, T being LARGE_TRANSFER's threshold.
     */
    public record Settings(int count, BigDecimal lowerFraction, TierDurations window) implements Serializable {}

    /**
     * The keyed-state version's open window of one direction (state {@code structuring-pending} of the client
     * operator, builds before 2026-12). Nothing reads it any more; the class stays so that a savepoint of such a
     * build restores (Flink needs the type of every state it holds). Remove it with the next state layout break.
     */
    @Deprecated
    public static class Pending {
        public List<String> eventIds = new ArrayList<>();
        public List<Long> times = new ArrayList<>();
        public List<BigDecimal> amounts = new ArrayList<>();
        public List<BigDecimal> thresholds = new ArrayList<>();

        public Pending() {}
    }

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.HIGH)
            .defaults(new Settings(3, new BigDecimal("0.8"), TierDurations.all(Duration.ofHours(24))))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "count": {"type": "integer", "minimum": 2},
                                    "lowerFraction": {"$ref": "#/$defs/fraction"},
                                    "window": {"$ref": "#/$defs/tierDurations"}}}""")
            .sequence((own, all, env) -> new StructuringRule(
                    own.settings(),
                    own.ruleVersion(),
                    all.settings(LargeTransferRule.DEFINITION).threshold(),
                    env.zone()))
            // its pattern is built with LARGE_TRANSFER's threshold too
            .builtAtStart((s, all) ->
                    List.of(s, all.settings(LargeTransferRule.DEFINITION).threshold()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private final TierAmounts reportingThreshold;
    private final String zone;

    /** @param reportingThreshold LARGE_TRANSFER's threshold per tier (T) */
    public StructuringRule(Settings config, String ruleVersion, TierAmounts reportingThreshold, ZoneId zone) {
        this.config = config;
        this.ruleVersion = ruleVersion;
        this.reportingThreshold = reportingThreshold;
        this.zone = zone.getId();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Facts input() {
        return Facts.TRANSFERS;
    }

    @Override
    public KeySelector<TransferFact, String> key() {
        return TransferFact::clientDirection;
    }

    @Override
    public Pattern<TransferFact, TransferFact> pattern() {
        JustUnderTheThreshold qualifies = new JustUnderTheThreshold(config.lowerFraction(), reportingThreshold);
        return Pattern.<TransferFact>begin("first", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(qualifies)
                .followedBy("next")
                .where(qualifies)
                .where(new WithinTheWindowOfTheFirst(config.window()))
                .times(config.count() - 1)
                .within(Duration.ofMillis(config.window().longest() + 1));
    }

    @Override
    public PatternProcessFunction<TransferFact, Alert> process() {
        return new ToAlert(config, ruleVersion, reportingThreshold, ZoneId.of(zone));
    }

    @Override
    public TypeInformation<Alert> matchType() {
        return TypeInformation.of(Alert.class);
    }

    @Override
    public String uid() {
        return "structuring-sequence";
    }

    /** Amount in [lowerFraction x T, T), T of the tier in force at this transfer. */
    static final class JustUnderTheThreshold extends SimpleCondition<TransferFact> {
        private static final long serialVersionUID = 1L;
        private final BigDecimal lowerFraction;
        private final TierAmounts threshold;

        JustUnderTheThreshold(BigDecimal lowerFraction, TierAmounts threshold) {
            this.lowerFraction = lowerFraction;
            this.threshold = threshold;
        }

        @Override
        public boolean filter(TransferFact t) {
            BigDecimal limit = threshold.forTier(t.tier());
            return t.amount().compareTo(limit) < 0 && t.amount().compareTo(limit.multiply(lowerFraction)) >= 0;
        }
    }

    /** At most the window (of the tier at this transfer) after the first transfer: later - first <= window. */
    static final class WithinTheWindowOfTheFirst extends IterativeCondition<TransferFact> {
        private static final long serialVersionUID = 1L;
        private final TierDurations window;

        WithinTheWindowOfTheFirst(TierDurations window) {
            this.window = window;
        }

        @Override
        public boolean filter(TransferFact t, Context<TransferFact> ctx) throws Exception {
            TransferFact first = ctx.getEventsForPattern("first").iterator().next();
            return t.ts() - first.ts() <= window.forTier(t.tier());
        }
    }

    /** A match is one alert: the matched transfers, the tier and window of the last one. */
    static final class ToAlert extends PatternProcessFunction<TransferFact, Alert> {
        private static final long serialVersionUID = 1L;
        private final Settings config;
        private final String ruleVersion;
        private final TierAmounts threshold;
        private final String zone;

        ToAlert(Settings config, String ruleVersion, TierAmounts threshold, ZoneId zone) {
            this.config = config;
            this.ruleVersion = ruleVersion;
            this.threshold = threshold;
            this.zone = zone.getId();
        }

        @Override
        public void processMatch(Map<String, List<TransferFact>> match, Context ctx, Collector<Alert> out) {
            List<TransferFact> transfers = new ArrayList<>(match.get("first"));
            transfers.addAll(match.get("next"));
            TransferFact last = transfers.get(transfers.size() - 1);
            Tier tier = last.tier();
            ZoneId zoneId = ZoneId.of(zone);
            List<EvidenceEvent> evidence = new ArrayList<>();
            List<BigDecimal> amounts = new ArrayList<>();
            List<BigDecimal> thresholds = new ArrayList<>();
            for (TransferFact t : transfers) {
                evidence.add(EvidenceEvents.of(t, zoneId));
                amounts.add(t.amount());
                thresholds.add(threshold.forTier(t.tier()));
            }
            String direction = last.direction().name();
            Metrics metrics = Metrics.create()
                    .put("direction", direction)
                    .put("count", transfers.size())
                    .moneyList("amounts", amounts)
                    .money("sum", amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                    .moneyList("reportingThresholds", thresholds)
                    .put("lowerFraction", config.lowerFraction())
                    .put("window", config.window().text(tier))
                    .put("spanMillis", last.ts() - transfers.get(0).ts())
                    .put("tier", tier.name())
                    .put("regulation", "structuring below the large-value reporting threshold (拆分交易)");
            String summary = transfers.size() + " transfers " + direction + " just under the "
                    + AlertFactory.money(threshold.forTier(tier)) + " CNY reporting threshold within "
                    + config.window().text(tier).substring(2).toLowerCase();
            out.collect(AlertFactory.risk(
                    ID,
                    Severity.HIGH,
                    ruleVersion,
                    last.clientId(),
                    last.brokerId(),
                    zoneId,
                    last.clientDirection(),
                    null,
                    last.ts(),
                    evidence,
                    summary,
                    metrics));
        }
    }
}
