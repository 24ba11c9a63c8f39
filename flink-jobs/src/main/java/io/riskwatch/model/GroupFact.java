package io.riskwatch.model;

import java.math.BigDecimal;
import java.util.Comparator;

/**
 * An order, cancel or trade as the client operator applied it, for the group operator of a linked-account group
 * (contract 7.1): the event's fields, its client's group and broker at that moment, the order's lifecycle and the
 * market data at its ts. Applied by the group in group processing order ({@link #ORDER}).
 *
 * @param groupId the group this fact goes to: the client's group at ts, or, for a lifecycle update, the group
 *     the order was placed in
 * @param lifecycleOnly the fact only moves the open quantity of {@code order} in the group it was placed in (the
 *     client has since changed group); rules do not see it
 * @param type ORDER, CANCEL or TRADE
 * @param order the order this event placed, cancelled or filled, its open quantity after this event (for a cancel:
 *     at the cancel, before it closed the order); null when the order was not seen or is no longer open
 * @param quote the quote at ts (for orders and trades) from the event's side; null when there is none
 * @param quoteBefore trades only: the quote at ts minus the look-back of the running group rules (RAMPING's q0);
 *     null when there is none or no rule looks back
 * @param st the security is ST at ts
 */
public record GroupFact(
        String groupId,
        boolean lifecycleOnly,
        EventType type,
        long ts,
        long epochDay,
        String clientId,
        String brokerId,
        String eventId,
        String symbol,
        Side side,
        BigDecimal price,
        long quantity,
        String matchId,
        OpenOrder order,
        MarketPoint quote,
        MarketPoint quoteBefore,
        boolean st) {

    /** Group processing order: ts, then type (reading 2), then clientId, then eventId. */
    public static final Comparator<GroupFact> ORDER =
            (a, b) -> GroupPosition.compare(a.ts, a.type, a.clientId, a.eventId, b.ts, b.type, b.clientId, b.eventId);

    /** Where this fact is applied in group processing order. */
    public GroupPosition position() {
        return new GroupPosition(ts, type, clientId, eventId);
    }

    /** This fact moved to another group: a lifecycle update of its order in the group it was placed in. */
    public GroupFact lifecycleFor(OpenOrder o) {
        return new GroupFact(
                o.groupId(),
                true,
                type,
                ts,
                epochDay,
                clientId,
                brokerId,
                eventId,
                symbol,
                side,
                price,
                quantity,
                matchId,
                o,
                null,
                null,
                st);
    }
}
