package io.riskwatch.detect;

import io.riskwatch.rule.Catalog;

/**
 * The one place rules are registered: every rule riskwatch runs, as its definition. Adding a rule is its class
 * here in {@code detect/} (definition, settings, schema, logic), one line below, its section in
 * {@code config/rules.yaml}, and its test. The order is the order of the rules file and of the alerts one event
 * raises.
 */
public final class RuleCatalog {
    public static final Catalog RULES = Catalog.of(
            LargeTransferRule.DEFINITION,
            CumulativeTransferRule.DEFINITION,
            StructuringRule.DEFINITION,
            RapidInOutRule.DEFINITION,
            DormantReactivationRule.DEFINITION,
            PriceDeviationRule.DEFINITION,
            ConcentrationRule.DEFINITION,
            SuitabilityMismatchRule.DEFINITION,
            FrequentCancelsRule.DEFINITION,
            HoldingTurningPointRule.DEFINITION,
            ExcessiveChurningRule.DEFINITION,
            OrderRateRule.DEFINITION,
            SpoofingRule.DEFINITION,
            RampingRule.DEFINITION,
            LimitHoldingRule.DEFINITION,
            SelfTradeRule.DEFINITION);

    private RuleCatalog() {}
}
