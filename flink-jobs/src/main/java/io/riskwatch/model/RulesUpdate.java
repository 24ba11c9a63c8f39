package io.riskwatch.model;

/**
 * The payload of an internal {@link EventType#RULES} event: a validated version of the rules file, in force
 * for events with {@code ts >= effectiveMillis} (the event's own ts) until a later version takes over.
 *
 * @param version the file's {@code version}
 * @param text the file as published (each client operator instance builds its rules from it)
 * @param source where it was read, {@code topic/partition@offset}
 */
public record RulesUpdate(String version, String text, String source) {}
