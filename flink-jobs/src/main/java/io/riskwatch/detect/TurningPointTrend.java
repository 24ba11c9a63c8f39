package io.riskwatch.detect;

import io.riskwatch.state.SymbolPoint;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The symbol half of the holding turning-point rule: the trailing window's highest and lowest quote kept with two
 * monotonic deques (memory bounded by the quotes that can still become the extreme, not by every quote), and
 * the direction of the last turning point. Quotes must come in processing order. Keyed state of the symbol
 * operator (a Flink POJO).
 */
public class TurningPointTrend {
    /** Quotes of the window with strictly decreasing prices: the first is the highest (the latest of equals). */
    public List<SymbolPoint> highs = new ArrayList<>();
    /** Quotes of the window with strictly increasing prices: the first is the lowest (the latest of equals). */
    public List<SymbolPoint> lows = new ArrayList<>();
    /** {@code DOWN}, {@code UP}, or null before the first turning point. */
    public String last;

    public TurningPointTrend() {}

    /** A turning point at {@code quote}: the direction and the window's extreme it is measured against. */
    public record Turn(String direction, SymbolPoint quote, SymbolPoint extreme) {}

    /** The factors a quote is compared with for a move fraction f: 1 - f of the high, 1 + f of the low. */
    public record Move(BigDecimal downFactor, BigDecimal upFactor) implements Serializable {
        public static Move of(BigDecimal fraction) {
            return new Move(BigDecimal.ONE.subtract(fraction), BigDecimal.ONE.add(fraction));
        }
    }

    /**
     * Adds a quote and says whether it is a turning point (contract: DOWN when price <= (1 - f) x the highest
     * quote with ts in [ts - window, ts], UP when price >= (1 + f) x the lowest; after a DOWN only an UP, and
     * vice versa; the first may be either, DOWN when both hold). {@code move} holds 1 - f and 1 + f, computed
     * once per rule rather than per quote.
     */
    public Turn add(SymbolPoint quote, long windowMillis, Move move) {
        long from = quote.ts() - windowMillis;
        while (!highs.isEmpty() && highs.get(0).ts() < from) {
            highs.remove(0);
        }
        while (!lows.isEmpty() && lows.get(0).ts() < from) {
            lows.remove(0);
        }
        while (!highs.isEmpty() && highs.get(highs.size() - 1).price().compareTo(quote.price()) <= 0) {
            highs.remove(highs.size() - 1);
        }
        highs.add(quote);
        while (!lows.isEmpty() && lows.get(lows.size() - 1).price().compareTo(quote.price()) >= 0) {
            lows.remove(lows.size() - 1);
        }
        lows.add(quote);

        SymbolPoint high = highs.get(0);
        SymbolPoint low = lows.get(0);
        BigDecimal price = quote.price();
        boolean down = price.compareTo(move.downFactor().multiply(high.price())) <= 0;
        boolean up = price.compareTo(move.upFactor().multiply(low.price())) >= 0;
        String turn = null;
        if (last == null) {
            turn = down ? "DOWN" : up ? "UP" : null;
        } else if (last.equals("DOWN") && up) {
            turn = "UP";
        } else if (last.equals("UP") && down) {
            turn = "DOWN";
        }
        if (turn == null) {
            return null;
        }
        last = turn;
        return new Turn(turn, quote, turn.equals("DOWN") ? high : low);
    }

    /** Quotes held in the deques (for the memory bound in tests). */
    public int size() {
        return highs.size() + lows.size();
    }
}
