package io.riskwatch.model;

import java.math.BigDecimal;

/**
 * An order as its lifecycle stands (contract 7.1): placed by {@code clientId} in {@code groupId} (the group in
 * force at its ts), with what it was at its placing (the quote's volume on its side, the security's ST flag) and
 * its open quantity now. Kept by the client operator per client and orderId while open, handed to the group
 * operator with every order, trade and cancel of it.
 *
 * @param epochDay the order's trading day: it is open only within it
 * @param sideVolume the volume resting at the best bid (BUY) or ask (SELL) of the quote at the order; null when
 *     there was no quote or it lacked that field
 * @param st the security was ST at the order
 * @param open the open quantity: the quantity minus the trades applied after it, 0 once cancelled
 */
public record OpenOrder(
        String clientId,
        String orderId,
        String eventId,
        long ts,
        long epochDay,
        String groupId,
        String symbol,
        Side side,
        BigDecimal price,
        long quantity,
        Long sideVolume,
        boolean st,
        long open) {

    public OpenOrder withOpen(long quantityOpen) {
        return new OpenOrder(
                clientId,
                orderId,
                eventId,
                ts,
                epochDay,
                groupId,
                symbol,
                side,
                price,
                quantity,
                sideVolume,
                st,
                quantityOpen);
    }

    /** The key of an order's lifecycle: client and orderId. */
    public String key() {
        return key(clientId, orderId);
    }

    public static String key(String clientId, String orderId) {
        return clientId + '\u0000' + orderId;
    }
}
