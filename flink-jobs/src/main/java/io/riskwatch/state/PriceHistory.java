package io.riskwatch.state;

import io.riskwatch.model.EventType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent quotes of one symbol, in processing order, so that a client event can look up the latest quote
 * at or before its own time whatever order quotes and client events reach an operator in. Only the newest
 * quote at or before the watermark is kept of the past: no event at or before the watermark is still to come.
 */
public class PriceHistory {
    public List<PricePoint> points = new ArrayList<>();

    public PriceHistory() {}

    /** Adds a quote and forgets what no future lookup can need. */
    public void add(PricePoint p, long watermark) {
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

    /**
     * The latest price visible to an event at {@code ts} of type rank {@code rank}: quotes with an earlier ts,
     * and quotes at the same ts when quotes rank before that event type (precise reading 2).
     */
    public BigDecimal priceAt(long ts, int rank) {
        boolean sameTsVisible = EventType.QUOTE.rank() < rank;
        for (int i = points.size() - 1; i >= 0; i--) {
            PricePoint p = points.get(i);
            if (p.ts() < ts || (p.ts() == ts && sameTsVisible)) {
                return p.price();
            }
        }
        return null;
    }

    private static boolean after(PricePoint a, PricePoint b) {
        return a.ts() > b.ts() || (a.ts() == b.ts() && a.eventId().compareTo(b.eventId()) > 0);
    }
}
