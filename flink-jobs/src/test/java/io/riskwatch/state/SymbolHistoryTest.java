package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.Board;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Quote;
import io.riskwatch.model.RiskLevel;
import io.riskwatch.model.SecurityRecord;
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

    @Test
    void aQuotePointCarriesItsLevel1FieldsAndASecurityPointItsStFlag() {
        SymbolHistory h = new SymbolHistory();
        Quote q = new Quote(
                "600001.SH",
                new BigDecimal("11.00"),
                new BigDecimal("10.00"),
                1_200L,
                new BigDecimal("10.99"),
                300L,
                new BigDecimal("11.01"),
                0L,
                new BigDecimal("11.00"),
                new BigDecimal("9.00"));
        h.addQuote(new SymbolPoint(100, "q", q.price(), null, q, null), Long.MIN_VALUE);
        h.addSecurity(
                new SymbolPoint(
                        50,
                        "s",
                        null,
                        RiskLevel.LOW,
                        null,
                        new SecurityRecord("600001.SH", null, null, Board.MAIN, true)),
                Long.MIN_VALUE);
        SymbolPoint at = h.quoteAt(100, EventType.ORDER.rank());
        assertThat(at.quote().volume()).isEqualTo(1_200L);
        assertThat(at.quote().limitUp()).isEqualByComparingTo(at.price()); // at the limit
        assertThat(h.securityAt(100, EventType.ORDER.rank()).st()).isTrue();
        assertThat(at.st()).isFalse();
    }

    @Test
    void quotesUpToTheRetentionBehindTheWatermarkStayForLookupsThatFarBack() {
        SymbolHistory kept = new SymbolHistory();
        SymbolHistory pruned = new SymbolHistory();
        for (int i = 1; i <= 5; i++) {
            kept.addQuote(p(i * 60_000L, "q" + i, "" + i), Long.MIN_VALUE);
            pruned.addQuote(p(i * 60_000L, "q" + i, "" + i), Long.MIN_VALUE);
        }
        long watermark = 5 * 60_000L;
        kept.addQuote(p(6 * 60_000L, "q6", "6"), watermark, 180_000); // 3 minutes
        pruned.addQuote(p(6 * 60_000L, "q6", "6"), watermark);
        // a trade at 5 min asks for the quote at 2 min: kept from 2 min on
        assertThat(kept.quotes)
                .extracting(SymbolPoint::ts)
                .containsExactly(120_000L, 180_000L, 240_000L, 300_000L, 360_000L);
        assertThat(priceAt(kept, 120_000, EventType.TRADE.rank())).isEqualByComparingTo("2");
        assertThat(pruned.quotes).extracting(SymbolPoint::ts).containsExactly(300_000L, 360_000L);
    }
}
