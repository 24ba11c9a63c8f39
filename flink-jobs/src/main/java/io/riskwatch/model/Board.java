package io.riskwatch.model;

/** The market board a security trades on; it sets the daily price limit (10 %, 20 % on STAR and ChiNext). */
public enum Board {
    MAIN,
    STAR,
    CHINEXT,
    BOND
}
