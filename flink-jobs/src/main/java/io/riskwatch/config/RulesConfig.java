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
        DormantReactivation dormantReactivation,
        PriceDeviation priceDeviation,
        Concentration concentration,
        Suitability suitability,
        FrequentCancels frequentCancels,
        Churning churning,
        TurningPoint turningPoint)
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

    /** PRICE_DEVIATION: adverse deviation from the latest quote >= medium (MEDIUM) or >= high (HIGH). */
    public record PriceDeviation(RuleSettings settings, TierAmounts medium, TierAmounts high) implements Serializable {}

    /** CONCENTRATION: after a BUY, holding >= minValue and >= maxShare of total assets. */
    public record Concentration(RuleSettings settings, TierAmounts minValue, TierAmounts maxShare)
            implements Serializable {}

    /** SUITABILITY_MISMATCH: the highest security risk level each risk profile may buy. */
    public record Suitability(RuleSettings settings, java.util.Map<io.riskwatch.model.RiskProfile,
            io.riskwatch.model.RiskLevel> maxRiskLevel) implements Serializable {}

    /** FREQUENT_CANCELS: in the window ending at a cancel, cancels >= minCancels and cancels / orders >= minRatio. */
    public record FrequentCancels(RuleSettings settings, TierAmounts minCancels, TierAmounts minRatio,
            TierDurations window, TierDurations silence) implements Serializable {}

    /** EXCESSIVE_CHURNING: reversals (opposite side within the window) per client, symbol, day >= minReversals. */
    public record Churning(RuleSettings settings, TierAmounts minReversals, TierDurations window) implements Serializable {}

    /**
     * HOLDING_TURNING_POINT: a quote at least {@code moveFraction} below the trailing window's high (DOWN) or
     * above its low (UP), alternating; holders with at least {@code minShare} of total assets are warned. With
     * {@code maCross}, a turning point is instead a cross of the short and long moving averages of 1-minute
     * closes ({@code shortBars}, {@code longBars}).
     */
    public record TurningPoint(RuleSettings settings, BigDecimal moveFraction, long windowMillis,
            TierAmounts minShare, boolean maCross, int shortBars, int longBars) implements Serializable {}
}
