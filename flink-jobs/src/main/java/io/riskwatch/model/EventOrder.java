package io.riskwatch.model;

import java.util.Comparator;

/**
 * The contract's processing order (precise reading 2): by {@code ts}, then type rank, then {@code eventId}.
 * The raw text breaks the next tie (two copies of one eventId at one ts), so every run picks the same copy as
 * "the earlier" whatever the input layout; identical copies are finally ordered by where they were read
 * (file, then line number), so the copy read later is the duplicate.
 */
public final class EventOrder {
    public static final Comparator<Event> COMPARATOR = EventOrder::compare;

    private EventOrder() {}

    /**
     * The order itself, written out (the source's merge, every keyed buffer's sort: one call per comparison
     * instead of a chain of key-extracting lambdas).
     */
    public static int compare(Event a, Event b) {
        int c = Long.compare(a.ts(), b.ts());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.type().rank(), b.type().rank());
        if (c != 0) {
            return c;
        }
        c = a.eventId().compareTo(b.eventId());
        if (c != 0) {
            return c;
        }
        c = a.raw().compareTo(b.raw());
        return c != 0 ? c : compareSources(a.source(), b.source());
    }

    /** "path:12" before "path:103": the place as text, then the trailing number as a number. */
    static int compareSources(String a, String b) {
        int ca = cut(a);
        int cb = cut(b);
        int byPlace = a.substring(0, ca).compareTo(b.substring(0, cb));
        if (byPlace != 0) {
            return byPlace;
        }
        return Long.compare(number(a, ca), number(b, cb));
    }

    private static int cut(String s) {
        int i = Math.max(s.lastIndexOf(':'), s.lastIndexOf('@'));
        return i < 0 ? s.length() : i;
    }

    private static long number(String s, int cut) {
        try {
            return cut >= s.length() ? 0 : Long.parseLong(s.substring(cut + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
