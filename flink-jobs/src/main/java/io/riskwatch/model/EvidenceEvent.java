package io.riskwatch.model;

/**
 * One evidence event as an alert shows it (contract section 4, {@code evidenceEvents}): its id, and the event
 * rendered once as a JSON object (type, eventId, ts, its section-1 fields, bank account masked). Rules keep it in
 * state where they used to keep the id alone, so an alert can show the events that make its case without the raw
 * stream. Built by {@code detect.EvidenceEvents}.
 *
 * @param eventId the event's id, as listed in the alert's {@code evidence}
 * @param json the event as one JSON object, with a fixed field order
 */
public record EvidenceEvent(String eventId, String json) {}
