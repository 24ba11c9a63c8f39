package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.EventType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceHistoryTest {
    private static PricePoint p(long ts, String id, String price) {
        return new PricePoint(ts, id, new BigDecimal(price));
    }

    @Test
    void findsTheLatestQuoteAtOrBeforeAnEventWhateverTheInsertionOrder() {
        PriceHistory h = new PriceHistory();
        h.add(p(300, "c", "3"), Long.MIN_VALUE);
        h.add(p(100, "a", "1"), Long.MIN_VALUE);
        h.add(p(200, "b", "2"), Long.MIN_VALUE);
        int trade = EventType.TRADE.rank();
        assertThat(h.priceAt(99, trade)).isNull();
        assertThat(h.priceAt(100, trade)).isEqualByComparingTo("1"); // same ts: quotes rank before trades
        assertThat(h.priceAt(199, trade)).isEqualByComparingTo("1");
        assertThat(h.priceAt(299, trade)).isEqualByComparingTo("2");
        assertThat(h.priceAt(10_000, trade)).isEqualByComparingTo("3");
        // a position snapshot ranks before quotes: a quote at its own ts is not yet visible
        assertThat(h.priceAt(200, EventType.POSITION.rank())).isEqualByComparingTo("1");
    }

    @Test
    void twoQuotesAtOneInstantAreOrderedByEventId() {
        PriceHistory h = new PriceHistory();
        h.add(p(100, "q2", "2"), Long.MIN_VALUE);
        h.add(p(100, "q1", "1"), Long.MIN_VALUE);
        assertThat(h.priceAt(100, EventType.ORDER.rank())).isEqualByComparingTo("2");
    }

    @Test
    void keepsOnlyTheNewestSettledQuoteOfThePast() {
        PriceHistory h = new PriceHistory();
        for (int i = 1; i <= 5; i++) {
            h.add(p(i * 100L, "q" + i, "" + i), Long.MIN_VALUE);
        }
        h.add(p(600, "q6", "6"), 350);
        assertThat(h.points).extracting(PricePoint::ts).containsExactly(300L, 400L, 500L, 600L);
        assertThat(h.priceAt(351, EventType.TRADE.rank())).isEqualByComparingTo("3");
    }
}
