package io.riskwatch.model;

/** What a source emits for every non-blank input record: a valid event, or a dead letter (exactly one set). */
public record SourceRecord(Event event, DeadLetter deadLetter) {
    public static SourceRecord of(Event event) {
        return new SourceRecord(event, null);
    }

    public static SourceRecord of(DeadLetter deadLetter) {
        return new SourceRecord(null, deadLetter);
    }
}
