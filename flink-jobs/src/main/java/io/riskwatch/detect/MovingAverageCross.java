package io.riskwatch.detect;

import io.riskwatch.state.SymbolPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional second turning-point definition brokers ask for (off by default): 1-minute bars of a symbol's
 * quotes in event time (a bar's close is its last quote), a short and a long simple moving average of the
 * closes, and a turning point when the short average crosses the long one: UP when it goes from at or below to
 * above, DOWN the other way. A bar is final when the first quote of a later minute arrives; that quote is the
 * turning quote. Only the last {@code longBars} closes are kept. Keyed state of the symbol operator.
 */
public class MovingAverageCross {
    private static final long MINUTE = 60_000L;
    /** Final bars' closing quotes, oldest first, at most longBars. */
    public List<SymbolPoint> closes = new ArrayList<>();
    /** The last quote of the bar still open, or null. */
    public SymbolPoint open;
    /** 1 when the short average was above the long one at the last final bar, -1 at or below, 0 not yet known. */
    public int side;

    public MovingAverageCross() {}

    /** Adds a quote (processing order); returns the turning point it makes, or null. */
    public TurningPointTrend.Turn add(SymbolPoint quote, int shortBars, int longBars) {
        TurningPointTrend.Turn turn = null;
        if (open != null && Math.floorDiv(quote.ts(), MINUTE) > Math.floorDiv(open.ts(), MINUTE)) {
            closes.add(open);
            if (closes.size() > longBars) {
                closes.remove(0);
            }
            if (closes.size() == longBars) {
                int now = average(shortBars).compareTo(average(longBars)) > 0 ? 1 : -1;
                if (side != 0 && now != side) {
                    turn = new TurningPointTrend.Turn(now > 0 ? "UP" : "DOWN", quote, open);
                }
                side = now;
            }
        }
        open = quote;
        return turn;
    }

    private BigDecimal average(int bars) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = closes.size() - bars; i < closes.size(); i++) {
            sum = sum.add(closes.get(i).price());
        }
        return sum.divide(BigDecimal.valueOf(bars), 10, RoundingMode.HALF_EVEN);
    }
}
