package io.riskwatch.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A validated input event: the common fields, where it came from, and exactly one non-null payload matching
 * {@link #type()}. One envelope type (rather than an interface with nine implementations) keeps it a Flink
 * POJO that crosses every shuffle without Kryo.
 *
 * @param ts event time, epoch milliseconds (sub-millisecond digits of the input are dropped)
 * @param source where the record was read: {@code path:line} or {@code topic/partition@offset}
 * @param rawUtf8 the original text in UTF-8 ({@link #raw()}), kept so a later duplicate can still be
 *     dead-lettered with it: as bytes it crosses a shuffle as one copy, where a String is written and read a
 *     character at a time, and it is decoded only for a dead letter
 */
public record Event(
        EventType type,
        String eventId,
        long ts,
        String source,
        byte[] rawUtf8,
        Transfer transfer,
        Order order,
        Cancel cancel,
        Trade trade,
        Quote quote,
        ClientRecord client,
        SecurityRecord security,
        PositionSnapshot position,
        CashSnapshot cash,
        HolderCheck holderCheck,
        RulesUpdate rules) {

    /** The original text of the record. */
    public String raw() {
        return rawUtf8 == null ? null : new String(rawUtf8, StandardCharsets.UTF_8);
    }

    /** Equal components, the raw text compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Event e
                && type == e.type
                && ts == e.ts
                && Objects.equals(eventId, e.eventId)
                && Objects.equals(source, e.source)
                && Arrays.equals(rawUtf8, e.rawUtf8)
                && Objects.equals(payload(), e.payload());
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, eventId, ts, source, Arrays.hashCode(rawUtf8), payload());
    }

    @Override
    public String toString() {
        return "Event[" + type + " " + eventId + " @" + ts + " " + source + " " + payload() + "]";
    }

    /** The one non-null payload (null only for a malformed event). */
    public Object payload() {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case TRANSFER -> transfer;
            case ORDER -> order;
            case CANCEL -> cancel;
            case TRADE -> trade;
            case QUOTE -> quote;
            case CLIENT -> client;
            case SECURITY -> security;
            case POSITION -> position;
            case CASH -> cash;
            case HOLDER_CHECK -> holderCheck;
            case RULES -> rules;
        };
    }

    /** The key the event belongs to: its clientId, or its symbol for quote and security. */
    public String key() {
        return switch (type) {
            case TRANSFER -> transfer.clientId();
            case ORDER -> order.clientId();
            case CANCEL -> cancel.clientId();
            case TRADE -> trade.clientId();
            case QUOTE -> quote.symbol();
            case CLIENT -> client.clientId();
            case SECURITY -> security.symbol();
            case POSITION -> position.clientId();
            case CASH -> cash.clientId();
            case HOLDER_CHECK -> holderCheck.clientId();
            case RULES -> "rules";
        };
    }

    /** The symbol the event is about, or null (transfer, cancel, client, cash). */
    public String symbol() {
        return switch (type) {
            case TRADE -> trade.symbol();
            case ORDER -> order.symbol();
            case QUOTE -> quote.symbol();
            case SECURITY -> security.symbol();
            case POSITION -> position.symbol();
            case HOLDER_CHECK -> holderCheck.symbol();
            default -> null;
        };
    }

    public static Event of(EventType type, String eventId, long ts, String source, String raw, Object payload) {
        return new Event(
                type,
                eventId,
                ts,
                source,
                raw == null ? null : raw.getBytes(StandardCharsets.UTF_8),
                payload instanceof Transfer p ? p : null,
                payload instanceof Order p ? p : null,
                payload instanceof Cancel p ? p : null,
                payload instanceof Trade p ? p : null,
                payload instanceof Quote p ? p : null,
                payload instanceof ClientRecord p ? p : null,
                payload instanceof SecurityRecord p ? p : null,
                payload instanceof PositionSnapshot p ? p : null,
                payload instanceof CashSnapshot p ? p : null,
                payload instanceof HolderCheck p ? p : null,
                payload instanceof RulesUpdate p ? p : null);
    }
}
