package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.EventType;
import io.riskwatch.model.RiskLevel;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SymbolHistoryTest {
    private static SymbolPoint p(long ts, String id, String price) {
        return new SymbolPoint(ts, id, new BigDecimal(price), null);
    }

    private static BigDecimal priceAt(SymbolHistory h, long ts, int rank) {
        SymbolPoint q = h.quoteAt(ts, rank);
        return q == null ? null : q.price();
    }

    @Test
    void findsTheLatestQuoteAtOrBeforeAnEventWhateverTheInsertionOrder() {
        SymbolHistory h = new SymbolHistory();
        h.addQuote(p(300, "c", "3"), Long.MIN_VALUE);
        h.addQuote(p(100, "a", "1"), Long.MIN_VALUE);
        h.addQuote(p(200, "b", "2"), Long.MIN_VALUE);
        int trade = EventType.TRADE.rank();
        assertThat(priceAt(h, 99, trade)).isNull();
        assertThat(priceAt(h, 100, trade)).isEqualByComparingTo("1"); // same ts: quotes rank before trades
        assertThat(priceAt(h, 199, trade)).isEqualByComparingTo("1");
        assertThat(priceAt(h, 299, trade)).isEqualByComparingTo("2");
        assertThat(priceAt(h, 10_000, trade)).isEqualByComparingTo("3");
        // a position snapshot ranks before quotes: a quote at its own ts is not yet visible
        assertThat(priceAt(h, 200, EventType.POSITION.rank())).isEqualByComparingTo("1");
    }

    @Test
    void twoQuotesAtOneInstantAreOrderedByEventId() {
        SymbolHistory h = new SymbolHistory();
        h.addQuote(p(100, "q2", "2"), Long.MIN_VALUE);
        h.addQuote(p(100, "q1", "1"), Long.MIN_VALUE);
        assertThat(priceAt(h, 100, EventType.ORDER.rank())).isEqualByComparingTo("2");
    }

    @Test
    void aSecurityRecordAtTheSameInstantAsAnOrderIsAlreadyInForce() {
        SymbolHistory h = new SymbolHistory();
        h.addSecurity(new SymbolPoint(100, "s1", null, RiskLevel.HIGH), Long.MIN_VALUE);
        assertThat(h.securityAt(99, EventType.ORDER.rank())).isNull();
        assertThat(h.securityAt(100, EventType.ORDER.rank()).riskLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(h.securityAt(100, EventType.CLIENT.rank())).isNull(); // client records rank before securities
    }

    @Test
    void keepsOnlyTheNewestSettledQuoteOfThePast() {
        SymbolHistory h = new SymbolHistory();
        for (int i = 1; i <= 5; i++) {
            h.addQuote(p(i * 100L, "q" + i, "" + i), Long.MIN_VALUE);
        }
        h.addQuote(p(600, "q6", "6"), 350);
        assertThat(h.quotes).extracting(SymbolPoint::ts).containsExactly(300L, 400L, 500L, 600L);
        assertThat(priceAt(h, 351, EventType.TRADE.rank())).isEqualByComparingTo("3");
    }
}
