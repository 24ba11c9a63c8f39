package io.riskwatch.rule;

/** How a rule is evaluated inside its scope. */
public enum RuleKind {
    /** Code on each event with the scope's keyed state ({@link ClientRule}, {@link SymbolRule}). */
    KEYED,
    /** A Flink CEP pattern over the scope's ordered facts ({@link SequenceRule}). */
    SEQUENCE
}
