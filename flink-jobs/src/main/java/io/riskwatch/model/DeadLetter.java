package io.riskwatch.model;

/**
 * A rejected input record (contract section 1): why, where it came from, and its original text.
 *
 * @param reason one of {@link Reasons}
 */
public record DeadLetter(String reason, String source, String raw) {}
