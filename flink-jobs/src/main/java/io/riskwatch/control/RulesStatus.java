package io.riskwatch.control;

/**
 * What became of one published rules version: reported in the log, the metrics and the rules-status key in
 * Redis.
 *
 * @param outcome {@code ACCEPTED}, {@code UNCHANGED} (the same version and text again) or {@code REJECTED}
 * @param version the file's version, or null when it could not be read
 * @param reason why it was rejected; for an accepted version the settings that only a restart applies, or null
 */
public record RulesStatus(String outcome, String version, long effectiveMillis, String source, String reason) {
    public static final String ACCEPTED = "ACCEPTED";
    public static final String UNCHANGED = "UNCHANGED";
    public static final String REJECTED = "REJECTED";
}
