package io.riskwatch.rule;

/** The keyed state a rule is evaluated in: what it is "per". */
public enum RuleScope {
    /** One client's events in processing order, with the client's book (the client operator). */
    CLIENT,
    /**
     * One symbol's quotes in processing order with the index of its holders (the symbol operator), handing a
     * check to each holder's client operator.
     */
    SYMBOL,
    /**
     * One linked-account group's orders, cancels and trades in group processing order (the group operator), with
     * the group's order lifecycle and self-match waits (contract 7.1).
     */
    GROUP
}
