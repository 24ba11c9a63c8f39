package io.riskwatch.model;

/**
 * The nine input types, plus one internal type. The declaration order is the contract's processing order for
 * events with equal {@code ts} (precise reading 2): reference data first, then market data, then the client's
 * own actions. {@link #HOLDER_CHECK} is never read from input: the symbol operator sends it to each holder of a
 * symbol at a turning point, ranked right after the quote, so it sees the client's book at that quote.
 */
public enum EventType {
    CLIENT("client", true),
    SECURITY("security", false),
    CASH("cash", true),
    POSITION("position", true),
    QUOTE("quote", false),
    HOLDER_CHECK(null, true),
    TRANSFER("transfer", true),
    ORDER("order", true),
    CANCEL("cancel", true),
    TRADE("trade", true),
    /** Internal: a validated version of the rules file from the rules topic, broadcast to the client operator. */
    RULES(null, false);

    private final String wireName;
    private final boolean clientKeyed;

    EventType(String wireName, boolean clientKeyed) {
        this.wireName = wireName;
        this.clientKeyed = clientKeyed;
    }

    /** The {@code type} value in the JSON. */
    public String wireName() {
        return wireName;
    }

    /** Keyed by {@code clientId}; otherwise by {@code symbol} (quote, security). */
    public boolean clientKeyed() {
        return clientKeyed;
    }

    /** False for the internal {@link #HOLDER_CHECK} and {@link #RULES}: neither read nor counted. */
    public boolean input() {
        return wireName != null;
    }

    /** The rank among equal timestamps: lower goes first. */
    public int rank() {
        return ordinal();
    }

    /** {@link #values()} once: each call of it copies the array, and this runs for every record read. */
    private static final EventType[] ALL = values();

    public static EventType fromWireName(String name) {
        for (EventType t : ALL) {
            if (t.wireName != null && t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
