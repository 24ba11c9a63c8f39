package io.riskwatch.state;

import io.riskwatch.model.Event;
import io.riskwatch.model.Tier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.flink.streaming.api.TimerService;

/**
 * What a rule sees of one client at the event being evaluated: the book after the event was applied, and
 * valuation at the latest quotes at or before the event. Reused per event; do not keep a reference.
 */
public final class ClientView {
    private final ZoneId zone;
    private String clientId;
    private ClientBook book;
    private PriceLookup prices = PriceLookup.NONE;
    private TimerService timers;
    /** The {@link #ruleBit} of the rule running now (-1: every rule). */
    private long caller = -1L;
    /** The trading day last asked for, and its first instant and the next day's (epoch ms): most events share it. */
    private LocalDate lastDay;

    private long lastDayStart = Long.MAX_VALUE;
    private long lastDayEnd = Long.MIN_VALUE;

    public ClientView(ZoneId zone) {
        this.zone = zone;
    }

    public ClientView at(String clientId, ClientBook book, PriceLookup prices, TimerService timers) {
        this.clientId = clientId;
        this.book = book;
        this.prices = prices;
        this.timers = timers;
        this.caller = -1L;
        return this;
    }

    /**
     * The bit of a rule (or of another part of the client operator) in the book's wake-ups. Two ids may share a
     * bit: then each is also woken when the other asked, which is harmless (a rule checks its own state when
     * woken).
     */
    public static long ruleBit(String id) {
        return 1L << id.hashCode(); // the shift takes the low 6 bits
    }

    /** The rule about to run (its {@link #ruleBit}); its wake-ups are its own. Every bit when unset. */
    public ClientView calling(long ruleBit) {
        this.caller = ruleBit;
        return this;
    }

    /**
     * Asks for the calling rule's {@code ClientRule.onTimer} to be called once the watermark reaches {@code ts}
     * (for cleaning up its state when its window has passed). Only the rules that asked for a wake-up due by a
     * timer are called then, and they may also be called at other rules' wake-ups that share their bit: check
     * your own state. The time is kept in the book, which the caller stores after the rules ran.
     */
    public void wakeAt(long ts) {
        if (book.addWakeUp(ts, caller)) {
            timers.registerEventTimeTimer(ts);
        }
    }

    public String clientId() {
        return clientId;
    }

    public ClientBook book() {
        return book;
    }

    public Tier tier() {
        return book.tierOrDefault();
    }

    public String brokerId() {
        return book.brokerId;
    }

    /**
     * The linked-account group in force (contract 7.1): the {@code groupId} of the client's latest client record
     * at or before the event being applied, else the client's own id (a client without one is a group of its own;
     * a {@code groupId} equal to another client's id joins that client's group).
     */
    public String groupId() {
        return book.groupId != null ? book.groupId : clientId;
    }

    public ZoneId zone() {
        return zone;
    }

    public BigDecimal priceOf(String symbol) {
        return prices.priceOf(symbol);
    }

    /** The latest quote of a symbol at or before the event (with its eventId, for evidence); null if none. */
    public SymbolPoint quoteOf(String symbol) {
        return prices.quoteOf(symbol);
    }

    /** The security record in force at the event; null if none was seen. */
    public SymbolPoint securityOf(String symbol) {
        return prices.securityOf(symbol);
    }

    public BigDecimal holdingValue(String symbol) {
        return book.holdingValue(symbol, prices);
    }

    public BigDecimal totalAssets() {
        return book.totalAssets(prices);
    }

    /** The trading day of an event: the calendar date of its ts in the configured zone. */
    public LocalDate tradingDay(Event e) {
        return tradingDay(e.ts());
    }

    public LocalDate tradingDay(long ts) {
        if (ts < lastDayStart || ts >= lastDayEnd) { // the zone's rules per day, not per event
            LocalDate day = Instant.ofEpochMilli(ts).atZone(zone).toLocalDate();
            lastDayStart = day.atStartOfDay(zone).toInstant().toEpochMilli();
            lastDayEnd = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            lastDay = day;
        }
        return lastDay;
    }

    /** The first instant of the trading day after {@code day}, epoch ms. */
    public long startOfNextDay(LocalDate day) {
        return day.equals(lastDay)
                ? lastDayEnd
                : day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
