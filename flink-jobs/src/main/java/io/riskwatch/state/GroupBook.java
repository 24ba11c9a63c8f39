package io.riskwatch.state;

import io.riskwatch.model.EventType;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.GroupPosition;
import io.riskwatch.model.OpenOrder;
import io.riskwatch.model.Side;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.MurmurHash3;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * What a linked-account group shares in one trading day (contract 7.1, reading 20): the open orders placed in the
 * group that day, and the trades waiting for their self-match partner with the (symbol, matchId) pairs already
 * matched. Keyed state of the group operator, moved by each fact in group processing order and emptied at the end
 * of the trading day.
 */
public class GroupBook {
    /** The trading day held, as an epoch day; {@link Long#MIN_VALUE} before the first fact. */
    public long day = Long.MIN_VALUE;
    /**
     * Orders placed in this group this day with open quantity > 0, by {@link OpenOrder#key()}; null while there are
     * none (most groups are one client: no empty maps for a million of them).
     */
    @TypeInfo(OrdersType.class)
    public Map<String, OpenOrder> orders;
    /**
     * The trades waiting for an opposite-side trade of the group, and the (symbol, matchId) keys already matched
     * this day: an open-addressing table (linear probing, a power of two long, at most half full) of one flat
     * {@link Waiting} per key, by {@link #pairKey}; null while there is none. Only the earliest trade of a key is
     * kept: every trade waiting under one key has the same side (an opposite one would have paired), so the next
     * opposite trade pairs with the earliest (reading 22(d)) and the key is matched from then on. A trade of the
     * broker's own client usually meets its counterparty outside the group, so most trades of the day wait until
     * its end: a table of small records, not a map of Strings, is what keeps a million of them affordable
     * (docs/PERFORMANCE.md, "Self-match waits").
     */
    public Waiting[] pairs;
    /** How many keys {@link #pairs} holds. */
    public int pairCount;

    public GroupBook() {}

    /**
     * A trade waiting for its self-match partner, or a key already matched ({@code side} null). Flat: the key's
     * 64-bit hash, and the eventId, orderId and price packed into one byte array ({@link #ids}), so a waiting trade
     * costs one small record and one array (the client id is the JVM's one instance, see {@link Interned}).
     *
     * @param key {@link #pairKey} of the trade's symbol and matchId
     * @param side the waiting trade's side; null once the key is matched
     * @param ids the eventId, the orderId (null when the client operator had not seen the order) and the price's
     *     text, packed ({@link PackedStrings}); null once the key is matched
     */
    public record Waiting(long key, long ts, String clientId, Side side, long quantity, byte[] ids) {
        static Waiting of(long key, GroupFact f, String orderId) {
            return new Waiting(
                    key,
                    f.ts(),
                    Interned.clientId(f.clientId()),
                    f.side(),
                    f.quantity(),
                    PackedStrings.pack(f.eventId(), orderId, f.price().toString()));
        }

        Waiting matched() {
            return new Waiting(key, 0, null, null, 0, null);
        }

        public String eventId() {
            return PackedStrings.unpack(ids, 0);
        }

        /** The trade's orderId; null when the client operator had not seen its order. */
        public String orderId() {
            return PackedStrings.unpack(ids, 1);
        }

        public BigDecimal price() {
            return new BigDecimal(PackedStrings.unpack(ids, 2)); // toString's text: the same unscaled value and scale
        }

        public GroupPosition position() {
            return new GroupPosition(ts, EventType.TRADE, clientId, eventId());
        }
    }

    /**
     * Two trades of one group on opposite sides of one execution (reading 20): the first applied (it waited), the
     * second (the fact applied now).
     */
    public record SelfMatch(Waiting waiting, GroupFact completing, long quantity) {
        public GroupPosition first() {
            return waiting.position();
        }

        public GroupPosition second() {
            return completing.position();
        }
    }

    /** Flink serializes the maps as maps (a POJO's Map field is otherwise a generic type). */
    public static final class OrdersType extends TypeInfoFactory<Map<String, OpenOrder>> {
        @Override
        public TypeInformation<Map<String, OpenOrder>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return Types.MAP(Types.STRING, TypeInformation.of(OpenOrder.class));
        }
    }

    /** Starts another trading day: yesterday's orders are closed and its waits end. */
    public void startDay(long epochDay) {
        if (epochDay != day) {
            orders = null;
            pairs = null;
            pairCount = 0;
            day = epochDay;
        }
    }

    public boolean isEmpty() {
        return empty(orders) && pairCount == 0;
    }

    private static boolean empty(Map<?, ?> m) {
        return m == null || m.isEmpty();
    }

    /**
     * Moves the book by one fact of this group: the open quantity of an order placed here (when {@code
     * trackOrders}), and for a trade with a matchId (when {@code pairTrades}) the self-match it completes.
     *
     * @return the self-match this trade completed, else null
     */
    public SelfMatch apply(GroupFact f, boolean trackOrders, boolean pairTrades) {
        OpenOrder o = f.order();
        if (trackOrders && o != null && o.groupId().equals(f.groupId()) && o.epochDay() == day) {
            if (f.type() == EventType.CANCEL || o.open() <= 0) {
                if (orders != null) {
                    orders.remove(o.key());
                }
            } else {
                if (orders == null) {
                    orders = new HashMap<>(4);
                }
                orders.put(o.key(), interned(o));
            }
        }
        if (!pairTrades || f.lifecycleOnly() || f.type() != EventType.TRADE || f.matchId() == null) {
            return null;
        }
        long key = pairKey(f.symbol(), f.matchId());
        int slot = slotOf(key);
        Waiting w = pairs == null ? null : pairs[slot];
        if (w == null) {
            put(slot, Waiting.of(key, f, o == null ? null : o.orderId()));
            return null;
        }
        if (w.side() == null || w.side() == f.side()) {
            return null; // already matched; or waits behind the earlier one of its side, which pairs first
        }
        pairs[slot] = w.matched();
        return new SelfMatch(w, f, Math.min(w.quantity(), f.quantity()));
    }

    /**
     * The hash a trade waits under: its symbol and matchId, each with its length (a collision of two keys within
     * one group and day would pair trades of different executions: with MurmurHash3's 64 bits, about n²/2⁶⁵ for n
     * keys, below 10⁻¹² for a group with a million trades a day).
     */
    static long pairKey(String symbol, String matchId) {
        byte[] bytes = (symbol.length() + ":" + symbol + matchId).getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash128x64(bytes)[0];
    }

    /** The slot of {@code key}: where it is, or the empty slot where it would go. */
    private int slotOf(long key) {
        if (pairs == null) {
            return 0;
        }
        int mask = pairs.length - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (pairs[slot] != null && pairs[slot].key() != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void put(int slot, Waiting w) {
        if (pairs == null) {
            pairs = new Waiting[2];
            slot = slotOf(w.key());
        } else if ((pairCount + 1) * 2 > pairs.length) {
            Waiting[] old = pairs;
            pairs = new Waiting[old.length * 2];
            for (Waiting kept : old) {
                if (kept != null) {
                    pairs[slotOf(kept.key())] = kept;
                }
            }
            slot = slotOf(w.key());
        }
        pairs[slot] = w;
        pairCount++;
    }

    /** The order with its client, group and symbol ids the JVM's one instance each (it is kept until closed). */
    private static OpenOrder interned(OpenOrder o) {
        return new OpenOrder(
                Interned.clientId(o.clientId()),
                o.orderId(),
                o.eventId(),
                o.ts(),
                o.epochDay(),
                Interned.clientId(o.groupId()), // as the group key: a one-client group is named by its clientId
                Interned.code(o.symbol()),
                o.side(),
                o.price(),
                o.quantity(),
                o.sideVolume(),
                o.st(),
                o.open());
    }

    /** The open orders of the group in a symbol on one side at one price (compared as decimals), in group order. */
    public List<OpenOrder> openOrders(String symbol, Side side, BigDecimal price) {
        List<OpenOrder> out = new ArrayList<>();
        if (orders == null) {
            return out;
        }
        for (OpenOrder o : orders.values()) {
            if (o.side() == side && o.symbol().equals(symbol) && o.price().compareTo(price) == 0) {
                out.add(o);
            }
        }
        out.sort(Comparator.comparing(GroupPosition::of));
        return out;
    }
}
