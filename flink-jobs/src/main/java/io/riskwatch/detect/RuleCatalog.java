package io.riskwatch.detect;

import io.riskwatch.config.RulesConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place rules are registered. A new client rule is one line here, its class in this package, its
 * section in {@code config/rules.yaml} and the rules schema, and its test.
 */
public final class RuleCatalog {
    private static final Map<String, Function<RulesConfig, ClientRule>> CLIENT_RULES = new LinkedHashMap<>();

    static {
        CLIENT_RULES.put(LargeTransferRule.ID, cfg -> cfg.largeTransfer().settings().enabled()
                ? new LargeTransferRule(cfg.largeTransfer()) : null);
        CLIENT_RULES.put(CumulativeTransferRule.ID, cfg -> cfg.cumulativeTransfer().settings().enabled()
                ? new CumulativeTransferRule(cfg.cumulativeTransfer()) : null);
        CLIENT_RULES.put(StructuringRule.ID, cfg -> cfg.structuring().settings().enabled()
                ? new StructuringRule(cfg.structuring(), cfg.largeTransfer()) : null);
        CLIENT_RULES.put(RapidInOutRule.ID, cfg -> cfg.rapidInOut().settings().enabled()
                ? new RapidInOutRule(cfg.rapidInOut()) : null);
        CLIENT_RULES.put(DormantReactivationRule.ID, cfg -> cfg.dormantReactivation().settings().enabled()
                ? new DormantReactivationRule(cfg.dormantReactivation()) : null);
        CLIENT_RULES.put(PriceDeviationRule.ID, cfg -> cfg.priceDeviation().settings().enabled()
                ? new PriceDeviationRule(cfg.priceDeviation()) : null);
        CLIENT_RULES.put(ConcentrationRule.ID, cfg -> cfg.concentration().settings().enabled()
                ? new ConcentrationRule(cfg.concentration()) : null);
        CLIENT_RULES.put(SuitabilityMismatchRule.ID, cfg -> cfg.suitability().settings().enabled()
                ? new SuitabilityMismatchRule(cfg.suitability()) : null);
        CLIENT_RULES.put(FrequentCancelsRule.ID, cfg -> cfg.frequentCancels().settings().enabled()
                ? new FrequentCancelsRule(cfg.frequentCancels()) : null);
        CLIENT_RULES.put(HoldingTurningPointRule.ID, cfg -> cfg.turningPoint().settings().enabled()
                ? new HoldingTurningPointRule(cfg.turningPoint()) : null);
    }

    private RuleCatalog() {}

    /** Rules that run as their own operators (CEP) rather than inside the client operator. */
    private static final Set<String> STREAM_RULES = Set.of(ExcessiveChurningRule.ID);

    /** Every rule id riskwatch knows, in registration order. */
    public static Set<String> ids() {
        Set<String> all = new LinkedHashSet<>(CLIENT_RULES.keySet());
        all.add(ExcessiveChurningRule.ID);
        return all;
    }

    /**
     * The symbol half of HOLDING_TURNING_POINT (trend, holder index, fan-out) runs when the rule is selected
     * and enabled: its settings, else null.
     */
    public static RulesConfig.TurningPoint turningPoints(RulesConfig config, Set<String> selected) {
        return selected.contains(HoldingTurningPointRule.ID) && config.turningPoint().settings().enabled()
                ? config.turningPoint() : null;
    }

    /** EXCESSIVE_CHURNING runs when selected and enabled. */
    public static boolean churning(RulesConfig config, Set<String> selected) {
        return selected.contains(ExcessiveChurningRule.ID) && config.churning().settings().enabled();
    }

    /**
     * Parses {@code --rules}: {@code all}, {@code none}, or a comma-separated list of rule ids.
     *
     * @throws IllegalArgumentException naming the unknown id and the known ones
     */
    public static Set<String> select(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("all")) {
            return ids();
        }
        if (spec.equals("none")) {
            return Set.of();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String id = part.trim();
            if (!CLIENT_RULES.containsKey(id) && !STREAM_RULES.contains(id)) {
                throw new IllegalArgumentException("unknown rule '" + id + "' in --rules; known: all, none, "
                        + String.join(", ", ids()));
            }
            chosen.add(id);
        }
        return chosen;
    }

    /** The client rules to run: selected and enabled in the rules file. */
    public static List<ClientRule> clientRules(RulesConfig config, Set<String> selected) {
        List<ClientRule> rules = new ArrayList<>();
        CLIENT_RULES.forEach((id, factory) -> {
            if (selected.contains(id)) {
                ClientRule rule = factory.apply(config);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        });
        return rules;
    }
}
