package io.riskwatch.alert;

/** Who an alert is for: risk officers, or the client's broker (account manager). */
public enum Audience {
    RISK,
    BROKER
}
