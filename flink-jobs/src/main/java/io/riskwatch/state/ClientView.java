package io.riskwatch.state;

import io.riskwatch.model.Event;
import io.riskwatch.model.Tier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What a rule sees of one client at the event being evaluated: the book after the event was applied, and
 * valuation at the latest quotes at or before the event. Reused per event; do not keep a reference.
 */
public final class ClientView {
    private final ZoneId zone;
    private String clientId;
    private ClientBook book;
    private PriceLookup prices = PriceLookup.NONE;

    public ClientView(ZoneId zone) {
        this.zone = zone;
    }

    public ClientView at(String clientId, ClientBook book, PriceLookup prices) {
        this.clientId = clientId;
        this.book = book;
        this.prices = prices;
        return this;
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

    public ZoneId zone() {
        return zone;
    }

    public BigDecimal priceOf(String symbol) {
        return prices.priceOf(symbol);
    }

    public BigDecimal holdingValue(String symbol) {
        return book.holdingValue(symbol, prices);
    }

    public BigDecimal totalAssets() {
        return book.totalAssets(prices);
    }

    /** The trading day of an event: the calendar date of its ts in the configured zone. */
    public LocalDate tradingDay(Event e) {
        return java.time.Instant.ofEpochMilli(e.ts()).atZone(zone).toLocalDate();
    }
}
