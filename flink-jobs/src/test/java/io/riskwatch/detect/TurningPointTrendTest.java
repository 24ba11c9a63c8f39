package io.riskwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.state.SymbolPoint;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TurningPointTrendTest {
    private static final TurningPointTrend.Move F = TurningPointTrend.Move.of(new BigDecimal("0.05"));
    private static final long W = 120 * 3_600_000L;

    private static SymbolPoint p(long ts, String price) {
        return new SymbolPoint(ts, "q" + ts, new BigDecimal(price), null);
    }

    @Test
    void aSteadyRiseKeepsOneHighAndOnlyTheWindowsLows() {
        TurningPointTrend t = new TurningPointTrend();
        for (int i = 0; i < 10_000; i++) {
            t.add(p(i * 60_000L, BigDecimal.valueOf(100 + i * 0.0001).toPlainString()), W, F);
        }
        // 10,000 minutes is more than 120 h: the lows deque holds only the window's quotes, the highs one
        assertThat(t.highs).hasSize(1);
        assertThat(t.lows).hasSize((int) (W / 60_000L) + 1);
    }

    @Test
    void equalPricesKeepTheLatestAsTheExtreme() {
        TurningPointTrend t = new TurningPointTrend();
        t.add(p(1, "100"), W, F);
        t.add(p(2, "100"), W, F);
        TurningPointTrend.Turn turn = t.add(p(3, "95"), W, F);
        assertThat(turn.direction()).isEqualTo("DOWN");
        assertThat(turn.extreme().ts()).isEqualTo(2);
    }

    @Test
    void theFirstTurningPointMayGoUp() {
        TurningPointTrend t = new TurningPointTrend();
        assertThat(t.add(p(1, "100"), W, F)).isNull();
        assertThat(t.add(p(2, "104.99"), W, F)).isNull();
        assertThat(t.add(p(3, "105.00"), W, F).direction()).isEqualTo("UP");
        assertThat(t.add(p(4, "120.00"), W, F)).isNull();
    }
}
