package io.riskwatch.model;

/**
 * A rejected input record (contract section 1): why, where it came from, and its original text.
 *
 * @param reason one of {@link Reasons}
 * @param raw the original text; for a record that is not valid UTF-8, its bytes decoded with each undecodable
 *     sequence replaced by U+FFFD
 * @param rawBase64 the original bytes in base64 when they are not valid UTF-8 (so {@code raw} is not them), else
 *     null
 */
public record DeadLetter(String reason, String source, String raw, String rawBase64) {
    public DeadLetter(String reason, String source, String raw) {
        this(reason, source, raw, null);
    }
}
