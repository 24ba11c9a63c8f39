package io.riskwatch.rule;

import java.io.Serializable;

/**
 * One rule's section of a rules file, bound: whether it runs, the version stamped into its alerts, and its
 * settings (its own type, defaults filled in).
 *
 * @param ruleVersion the rules file's {@code version} plus a short hash of this rule's section, so a reader of
 *     an alert knows which thresholds raised it
 */
public record RuleConfig<S extends Serializable>(boolean enabled, String ruleVersion, S settings)
        implements Serializable {}
