package io.riskwatch.model;

/** Client tier; thresholds are configured per tier. No client record means STANDARD. */
public enum Tier {
    STANDARD,
    HNW,
    INSTITUTION
}
