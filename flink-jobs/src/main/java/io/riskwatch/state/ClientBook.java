package io.riskwatch.state;

import io.riskwatch.model.ClientRecord;
import io.riskwatch.model.Event;
import io.riskwatch.model.RiskProfile;
import io.riskwatch.model.Tier;
import io.riskwatch.model.Trade;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Per-client bookkeeping shared by all rules (contract section 2): the latest client record, cash and
 * positions moved by snapshots, transfers and trades, weighted average cost, and the last activity. Events
 * must be applied in the contract's processing order; the book then holds the state "at" the last event.
 *
 * <p>A mutable Flink POJO, kept as one value per client, and compact: a million clients' books live on the
 * heap. Holdings are three exact-size parallel arrays (a client holds a few symbols; a map cost 150 bytes
 * more per client), times are primitives with {@link #NONE} for "not seen". Plain Java: tested on its own in
 * {@code ClientBookTest}.
 */
public class ClientBook {
    /** Scale of a weighted average cost after a BUY. */
    public static final int AVG_COST_SCALE = 6;

    /** A time not seen (no record, no activity yet). */
    public static final long NONE = Long.MIN_VALUE;

    private static final String[] NO_SYMBOLS = new String[0];
    private static final long[] NO_LONGS = new long[0];
    private static final BigDecimal[] NO_COSTS = new BigDecimal[0];

    /** Null until a client record is seen (then STANDARD when the record has no tier). */
    public Tier tier;

    public RiskProfile riskProfile;
    public String brokerId;
    /** The client record's linked-account group ({@code groupId}), interned; null: the client is its own group. */
    public String groupId;
    /** The client record's {@code lastActivityAt}, epoch ms; {@link #NONE} when not given. */
    public long recordLastActivityAt = NONE;

    public BigDecimal cash = BigDecimal.ZERO;
    /** Held symbols (quantity never 0), interned; {@link #quantities} and {@link #avgCosts} at the same index. */
    public String[] symbols = NO_SYMBOLS;
    /** Quantity held (may go negative). */
    public long[] quantities = NO_LONGS;
    /** Weighted average cost. */
    public BigDecimal[] avgCosts = NO_COSTS;
    /** The latest transfer, order or trade, epoch ms; {@link #NONE} when none yet. */
    public long lastActivityTs = NONE;
    /** The activity before the latest one: for a transfer just applied, its client's previous activity. */
    public long previousActivityTs = NONE;
    /**
     * When the client's rules asked to be woken ({@code ClientView.wakeAt}), ascending, each once. The client's
     * timers also fire at every instant it has events; the rules run their {@code onTimer} only when one of these
     * is due, not at every event.
     */
    public long[] wakeUps = NO_LONGS;
    /**
     * Which rules asked for each of {@link #wakeUps}, same index: a bit per rule ({@code ClientView.ruleBit}), so
     * that only those are woken. Shorter than {@link #wakeUps} in a book restored from a build before 2026-12-06:
     * then every rule is woken, as that build did.
     */
    public long[] wakeUpRules = NO_LONGS;

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
                brokerId = Interned.code(r.brokerId());
                groupId = Interned.code(r.groupId());
                recordLastActivityAt = r.lastActivityAt() == null ? NONE : r.lastActivityAt();
            }
            case CASH -> cash = compact(e.cash().balance());
            case POSITION -> {
                var p = e.position();
                put(p.symbol(), p.quantity(), p.avgCost() == null ? BigDecimal.ZERO : p.avgCost());
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
        int i = indexOf(t.symbol());
        long before = i < 0 ? 0 : quantities[i];
        switch (t.side()) {
            case BUY -> {
                cash = cash.subtract(notional).subtract(t.fee());
                long after = before + t.quantity();
                BigDecimal avg;
                if (before > 0) {
                    BigDecimal cost =
                            avgCosts[i].multiply(BigDecimal.valueOf(before)).add(notional);
                    avg = cost.divide(BigDecimal.valueOf(after), AVG_COST_SCALE, RoundingMode.HALF_EVEN);
                } else {
                    // from flat or short, the cost of what is held now is this trade's price
                    avg = t.price();
                }
                put(t.symbol(), after, avg);
            }
            case SELL -> {
                cash = cash.add(notional).subtract(t.fee());
                put(t.symbol(), before - t.quantity(), i < 0 ? BigDecimal.ZERO : avgCosts[i]);
            }
        }
    }

    private void put(String symbol, long quantity, BigDecimal avgCost) {
        int i = indexOf(symbol);
        if (quantity == 0) {
            if (i >= 0) {
                remove(i); // quantity 0 is no holding (precise reading 12)
            }
            return;
        }
        if (i < 0) {
            i = symbols.length;
            symbols = Arrays.copyOf(symbols, i + 1);
            quantities = Arrays.copyOf(quantities, i + 1);
            avgCosts = Arrays.copyOf(avgCosts, i + 1);
            symbols[i] = Interned.code(symbol);
        }
        quantities[i] = quantity;
        avgCosts[i] = compact(avgCost);
    }

    private void remove(int i) {
        int n = symbols.length - 1;
        String[] s = new String[n];
        long[] q = new long[n];
        BigDecimal[] c = new BigDecimal[n];
        System.arraycopy(symbols, 0, s, 0, i);
        System.arraycopy(symbols, i + 1, s, i, n - i);
        System.arraycopy(quantities, 0, q, 0, i);
        System.arraycopy(quantities, i + 1, q, i, n - i);
        System.arraycopy(avgCosts, 0, c, 0, i);
        System.arraycopy(avgCosts, i + 1, c, i, n - i);
        symbols = s;
        quantities = q;
        avgCosts = c;
    }

    /** Position of a held symbol in the arrays, or -1. */
    private int indexOf(String symbol) {
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i].equals(symbol)) { // interned on the way in: mostly the same instance, checked first
                return i;
            }
        }
        return -1;
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

    /**
     * Remembers a wake-up at {@code ts} for the rules in {@code rules} (bits); false if one was already set for that
     * instant (the rules are added to it).
     */
    public boolean addWakeUp(long ts, long rules) {
        if (wakeUpRules == null) {
            wakeUpRules = NO_LONGS;
        }
        boolean known = wakeUpRules.length == wakeUps.length;
        int i = Arrays.binarySearch(wakeUps, ts);
        if (i >= 0) {
            if (known) {
                wakeUpRules[i] |= rules;
            }
            return false;
        }
        int at = -i - 1;
        wakeUps = inserted(wakeUps, at, ts);
        if (known) {
            wakeUpRules = inserted(wakeUpRules, at, rules);
        }
        return true;
    }

    private static long[] inserted(long[] a, int at, long value) {
        long[] w = new long[a.length + 1];
        System.arraycopy(a, 0, w, 0, at);
        w[at] = value;
        System.arraycopy(a, at, w, at + 1, a.length - at);
        return w;
    }

    /**
     * Forgets the wake-ups at or before {@code ts} and says which rules they were for (bits): 0 when none is due,
     * every bit for a book restored from a build that did not keep them.
     */
    public long takeWakeUpsUpTo(long ts) {
        int due = 0;
        while (due < wakeUps.length && wakeUps[due] <= ts) {
            due++;
        }
        if (due == 0) {
            return 0;
        }
        long rules = 0;
        if (wakeUpRules != null && wakeUpRules.length == wakeUps.length) {
            for (int i = 0; i < due; i++) {
                rules |= wakeUpRules[i];
            }
            wakeUpRules = due == wakeUps.length ? NO_LONGS : Arrays.copyOfRange(wakeUpRules, due, wakeUps.length);
        } else {
            rules = -1L;
        }
        wakeUps = due == wakeUps.length ? NO_LONGS : Arrays.copyOfRange(wakeUps, due, wakeUps.length);
        return rules;
    }

    /** Quantity held of a symbol; 0 when none. */
    public long quantityOf(String symbol) {
        int i = indexOf(symbol);
        return i < 0 ? 0 : quantities[i];
    }

    /** Weighted average cost of a held symbol; null when not held. */
    public BigDecimal avgCostOf(String symbol) {
        int i = indexOf(symbol);
        return i < 0 ? null : avgCosts[i];
    }

    /** How many symbols are held (quantity not 0). */
    public int holdingCount() {
        return symbols.length;
    }

    /** quantity x latest quote at or before now; the holding's avgCost when no quote was seen; 0 if none. */
    public BigDecimal holdingValue(String symbol, PriceLookup prices) {
        int i = indexOf(symbol);
        return i < 0 ? BigDecimal.ZERO : value(i, prices);
    }

    private BigDecimal value(int i, PriceLookup prices) {
        BigDecimal price = prices.priceOf(symbols[i]);
        return BigDecimal.valueOf(quantities[i]).multiply(price != null ? price : avgCosts[i]);
    }

    /** cash + the value of all holdings. */
    public BigDecimal totalAssets(PriceLookup prices) {
        BigDecimal total = cash;
        for (int i = 0; i < symbols.length; i++) {
            total = total.add(value(i, prices));
        }
        return total;
    }
}
