package io.riskwatch.state;

import io.riskwatch.model.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent quotes and security records of one symbol, each in processing order, so that a client event can
 * look up the latest version at or before its own time whatever order they reach an operator in. Of the past,
 * only the newest version at or before the watermark is kept: no event at or before the watermark is still to
 * come. Broadcast state of the client operator, one entry per symbol.
 */
public class SymbolHistory {
    public List<SymbolPoint> quotes = new ArrayList<>();
    public List<SymbolPoint> securities = new ArrayList<>();

    public SymbolHistory() {}

    /** Adds a quote and forgets what no future lookup can need. */
    public void addQuote(SymbolPoint p, long watermark) {
        addQuote(p, watermark, 0);
    }

    /**
     * Adds a quote, keeping what a lookup up to {@code retainMillis} before any future event can need: the quotes
     * after {@code watermark - retainMillis} and the one in force then (RAMPING asks for the quote 3 minutes before
     * a trade, contract reading 18).
     */
    public void addQuote(SymbolPoint p, long watermark, long retainMillis) {
        add(quotes, p, watermark < Long.MIN_VALUE + retainMillis ? Long.MIN_VALUE : watermark - retainMillis);
    }

    /** Adds a security record (it replaces the previous one whole from its ts on). */
    public void addSecurity(SymbolPoint p, long watermark) {
        add(securities, p, watermark);
    }

    /**
     * The latest quote visible to an event at {@code ts} of type rank {@code rank}: quotes with an earlier ts,
     * and quotes at the same ts when quotes rank before that event type (precise reading 2); null if none.
     */
    public SymbolPoint quoteAt(long ts, int rank) {
        return at(quotes, ts, EventType.QUOTE.rank() < rank);
    }

    /** The security record in force for an event at {@code ts} of type rank {@code rank}; null if none. */
    public SymbolPoint securityAt(long ts, int rank) {
        return at(securities, ts, EventType.SECURITY.rank() < rank);
    }

    private static void add(List<SymbolPoint> points, SymbolPoint p, long watermark) {
        int i = points.size();
        while (i > 0 && after(points.get(i - 1), p)) {
            i--;
        }
        points.add(i, p);
        int newestSettled = -1;
        for (int j = 0; j < points.size() && points.get(j).ts() <= watermark; j++) {
            newestSettled = j;
        }
        if (newestSettled > 0) {
            points.subList(0, newestSettled).clear();
        }
    }

    private static SymbolPoint at(List<SymbolPoint> points, long ts, boolean sameTsVisible) {
        for (int i = points.size() - 1; i >= 0; i--) {
            SymbolPoint p = points.get(i);
            if (p.ts() < ts || (p.ts() == ts && sameTsVisible)) {
                return p;
            }
        }
        return null;
    }

    private static boolean after(SymbolPoint a, SymbolPoint b) {
        return a.ts() > b.ts() || (a.ts() == b.ts() && a.eventId().compareTo(b.eventId()) > 0);
    }
}
