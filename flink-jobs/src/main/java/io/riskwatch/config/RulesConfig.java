package io.riskwatch.config;

import java.io.Serializable;
import java.math.BigDecimal;

/** The validated rules file ({@code config/rules.yaml}). */
public record RulesConfig(
        String version,
        LargeTransfer largeTransfer,
        CumulativeTransfer cumulativeTransfer,
        Structuring structuring,
        RapidInOut rapidInOut,
        DormantReactivation dormantReactivation)
        implements Serializable {

    /** LARGE_TRANSFER: one transfer with amount >= the tier's threshold. */
    public record LargeTransfer(RuleSettings settings, TierAmounts threshold) implements Serializable {}

    /** CUMULATIVE_TRANSFER: one trading day's same-direction sum >= the tier's threshold. */
    public record CumulativeTransfer(RuleSettings settings, TierAmounts threshold) implements Serializable {}

    /** STRUCTURING: {@code count} transfers in [lowerFraction x T, T) within the window (T: LARGE_TRANSFER's). */
    public record Structuring(RuleSettings settings, int count, BigDecimal lowerFraction, TierDurations window)
            implements Serializable {}

    /** RAPID_IN_OUT: an IN >= minIn, OUTs >= outFraction x IN within the window, trading < maxTradedFraction x IN. */
    public record RapidInOut(RuleSettings settings, BigDecimal outFraction, BigDecimal maxTradedFraction,
            TierAmounts minIn, TierDurations window) implements Serializable {}

    /** DORMANT_REACTIVATION: a transfer >= minAmount after at least {@code dormancy} without activity. */
    public record DormantReactivation(RuleSettings settings, TierAmounts minAmount, TierDurations dormancy)
            implements Serializable {}
}
