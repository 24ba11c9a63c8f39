package io.riskwatch.config;

import java.io.Serializable;

/**
 * What every rule's configuration has.
 *
 * @param ruleVersion the rules file's {@code version} plus a short hash of this rule's own settings, stamped
 *     into each alert so a reader knows which thresholds raised it
 */
public record RuleSettings(boolean enabled, String ruleVersion) implements Serializable {}
