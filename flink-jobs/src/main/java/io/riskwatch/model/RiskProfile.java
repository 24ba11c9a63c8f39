package io.riskwatch.model;

/** A client's risk profile (suitability questionnaire outcome), least risk first. */
public enum RiskProfile {
    CONSERVATIVE,
    BALANCED,
    AGGRESSIVE
}
