package io.riskwatch.model;

/** A transfer's direction: IN from the bank to the brokerage account, OUT back to the bank. */
public enum Direction {
    IN,
    OUT
}
