package io.riskwatch.state;

import io.riskwatch.model.ClientRecord;
import io.riskwatch.model.Event;
import io.riskwatch.model.RiskProfile;
import io.riskwatch.model.Tier;
import io.riskwatch.model.Trade;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-client bookkeeping shared by all rules (contract section 2): the latest client record, cash and
 * positions moved by snapshots, transfers and trades, weighted average cost, and the last activity. Events
 * must be applied in the contract's processing order; the book then holds the state "at" the last event.
 *
 * <p>A mutable Flink POJO, kept as one value per client. Plain Java: tested on its own in {@code ClientBookTest}.
 */
public class ClientBook {
    /** Scale of a weighted average cost after a BUY. */
    public static final int AVG_COST_SCALE = 6;

    /** Null until a client record is seen (then STANDARD when the record has no tier). */
    public Tier tier;
    public RiskProfile riskProfile;
    public String brokerId;
    /** The client record's {@code lastActivityAt}, epoch ms; null when not given. */
    public Long recordLastActivityAt;
    public BigDecimal cash = BigDecimal.ZERO;
    public Map<String, Holding> holdings = new HashMap<>();
    /** The latest transfer, order or trade, epoch ms; null when none yet. */
    public Long lastActivityTs;
    /** The activity before the latest one: for a transfer just applied, its client's previous activity. */
    public Long previousActivityTs;

    public ClientBook() {}

    /** The tier in force; STANDARD without a client record. */
    public Tier tierOrDefault() {
        return tier == null ? Tier.STANDARD : tier;
    }

    /** Applies one event of this client; quotes and securities are not client events and are ignored. */
    public void apply(Event e) {
        switch (e.type()) {
            case CLIENT -> {
                ClientRecord r = e.client();
                // a client record replaces the previous one whole (precise reading 3)
                tier = r.tier() == null ? Tier.STANDARD : r.tier();
                riskProfile = r.riskProfile();
                // one String per broker, shared by all its clients' books (a million clients, a few brokers)
                brokerId = r.brokerId() == null ? null : r.brokerId().intern();
                recordLastActivityAt = r.lastActivityAt();
            }
            case CASH -> cash = compact(e.cash().balance());
            case POSITION -> {
                var p = e.position();
                if (p.quantity() == 0) {
                    holdings.remove(p.symbol());
                } else {
                    holdings.put(p.symbol().intern(), new Holding(p.quantity(),
                            p.avgCost() == null ? BigDecimal.ZERO : compact(p.avgCost())));
                }
            }
            case TRANSFER -> {
                var t = e.transfer();
                cash = switch (t.direction()) {
                    case IN -> cash.add(t.amount());
                    case OUT -> cash.subtract(t.amount());
                };
                activity(e.ts());
            }
            case ORDER -> activity(e.ts());
            case TRADE -> {
                applyTrade(e.trade());
                activity(e.ts());
            }
            case CANCEL, QUOTE, SECURITY, HOLDER_CHECK -> {
                // cancels are not activity (precise reading 8); market and security data live per symbol
            }
        }
    }

    private void applyTrade(Trade t) {
        BigDecimal notional = t.price().multiply(BigDecimal.valueOf(t.quantity()));
        Holding h = holdings.get(t.symbol());
        long before = h == null ? 0 : h.quantity;
        switch (t.side()) {
            case BUY -> {
                cash = cash.subtract(notional).subtract(t.fee());
                long after = before + t.quantity();
                BigDecimal avg;
                if (before > 0) {
                    BigDecimal cost = h.avgCost.multiply(BigDecimal.valueOf(before)).add(notional);
                    avg = cost.divide(BigDecimal.valueOf(after), AVG_COST_SCALE, RoundingMode.HALF_EVEN);
                } else {
                    // from flat or short, the cost of what is held now is this trade's price
                    avg = t.price();
                }
                put(t.symbol(), after, avg);
            }
            case SELL -> {
                cash = cash.add(notional).subtract(t.fee());
                put(t.symbol(), before - t.quantity(), h == null ? BigDecimal.ZERO : h.avgCost);
            }
        }
    }

    private void put(String symbol, long quantity, BigDecimal avgCost) {
        if (quantity == 0) {
            holdings.remove(symbol); // quantity 0 is no holding (precise reading 12)
        } else {
            holdings.put(symbol.intern(), new Holding(quantity, compact(avgCost)));
        }
    }

    /**
     * The same number without a BigInteger behind it when its digits fit in a long. A value that crossed a
     * Flink shuffle carries one (its serializer rebuilds it from a BigInteger): 64 bytes a book need not keep.
     * Only values kept as the event gave them need it; sums and products of such values are already compact.
     */
    static BigDecimal compact(BigDecimal d) {
        if (d.precision() > 18) {
            return d;
        }
        return BigDecimal.valueOf(d.unscaledValue().longValueExact(), d.scale());
    }

    private void activity(long ts) {
        previousActivityTs = lastActivityTs;
        lastActivityTs = ts;
    }

    public long quantityOf(String symbol) {
        Holding h = holdings.get(symbol);
        return h == null ? 0 : h.quantity;
    }

    /** quantity x latest quote at or before now; the holding's avgCost when no quote was seen; 0 if none. */
    public BigDecimal holdingValue(String symbol, PriceLookup prices) {
        Holding h = holdings.get(symbol);
        if (h == null) {
            return BigDecimal.ZERO;
        }
        BigDecimal price = prices.priceOf(symbol);
        return BigDecimal.valueOf(h.quantity).multiply(price != null ? price : h.avgCost);
    }

    /** cash + the value of all holdings. */
    public BigDecimal totalAssets(PriceLookup prices) {
        BigDecimal total = cash;
        for (String symbol : holdings.keySet()) {
            total = total.add(holdingValue(symbol, prices));
        }
        return total;
    }
}
