package io.riskwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.state.SymbolPoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MovingAverageCrossTest {
    private static final long MIN = 60_000L;

    private static SymbolPoint p(long ts, String price) {
        return new SymbolPoint(ts, "q" + ts, new BigDecimal(price), null);
    }

    /** Feeds one quote per minute (plus a second, ignored-for-close quote in the same minute) and lists turns. */
    private static List<String> turns(MovingAverageCross m, String... closes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            for (SymbolPoint q : List.of(p(i * MIN, "1"), p(i * MIN + 30_000, closes[i]))) {
                TurningPointTrend.Turn t = m.add(q, 2, 3);
                if (t != null) {
                    out.add(t.direction() + "@" + q.ts() / MIN + " after close "
                            + t.extreme().price());
                }
            }
        }
        return out;
    }

    @Test
    void aCrossOfTheShortAverageOverTheLongOneIsATurningPointAtTheNextMinutesFirstQuote() {
        MovingAverageCross m = new MovingAverageCross();
        // closes 10,10,10 (short 10 = long 10: at or below), 9 (short 9.5 < long 9.67), 12 (short 10.5 > long
        // 10.33: UP, seen at minute 5's first quote), 13, 8 (short 10.5 < long 11: DOWN at minute 7), 8
        assertThat(turns(m, "10", "10", "10", "9", "12", "13", "8", "8"))
                .containsExactly("UP@5 after close 12", "DOWN@7 after close 8");
        assertThat(m.closes).hasSize(3); // only the long window's closes are kept
    }

    @Test
    void equalAveragesAreNotACross() {
        assertThat(turns(new MovingAverageCross(), "10", "10", "10", "10", "10", "10"))
                .isEmpty();
    }
}
