package io.riskwatch.config;

import java.io.Serializable;

/** The validated rules file ({@code config/rules.yaml}). */
public record RulesConfig(String version, LargeTransfer largeTransfer) implements Serializable {

    /** LARGE_TRANSFER: one transfer with amount >= the tier's threshold. */
    public record LargeTransfer(RuleSettings settings, TierAmounts threshold) implements Serializable {}
}
