package io.riskwatch.model;

import java.util.Comparator;

/**
 * The contract's processing order (precise reading 2): by {@code ts}, then type rank, then {@code eventId}.
 * The raw text breaks the last tie (two copies of one eventId at one ts), so the order is total and every
 * run picks the same copy as "the earlier".
 */
public final class EventOrder {
    public static final Comparator<Event> COMPARATOR = Comparator.comparingLong(Event::ts)
            .thenComparingInt(e -> e.type().rank())
            .thenComparing(Event::eventId)
            .thenComparing(Event::raw);

    private EventOrder() {}
}
