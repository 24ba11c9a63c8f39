package io.riskwatch.control;

/**
 * One record of the rules topic, not yet validated.
 *
 * @param text the rules file as published (value of the record)
 * @param effectiveMillis event time from which it should apply: the {@value RulesTopic#EFFECTIVE_HEADER}
 *     header when present, else the record's timestamp (its publish time)
 * @param source {@code topic/partition@offset}
 * @param problem why the record itself is unusable (e.g. an unreadable header), else null
 */
public record RulesSubmission(String text, long effectiveMillis, String source, String problem) {}
