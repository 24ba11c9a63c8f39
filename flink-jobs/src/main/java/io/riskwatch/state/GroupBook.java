package io.riskwatch.state;

import io.riskwatch.model.EventType;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.GroupPosition;
import io.riskwatch.model.OpenOrder;
import io.riskwatch.model.Side;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
     * By symbol and matchId, the earliest trade waiting for an opposite-side trade of the group; or null. Only the
     * earliest is kept: every trade waiting under one key has the same side (an opposite one would have paired), so
     * the next opposite trade pairs with the earliest (reading 22(d)) and the key is matched from then on.
     */
    @TypeInfo(WaitingType.class)
    public Map<String, Waiting> waiting;
    /** The (symbol, matchId) pairs that formed a self-match this day (later trades with them are ignored); or null. */
    @TypeInfo(MatchedType.class)
    public Map<String, Boolean> matched;

    public GroupBook() {}

    /**
     * A trade waiting for its self-match partner: what the match and its evidence need of it, flat (one small object
     * per trade that waits until the day's end; the client id is the JVM's one instance, see {@link Interned}).
     *
     * @param orderId the trade's order, null when the client operator had not seen the order
     */
    public record Waiting(
            long ts, String clientId, String eventId, Side side, long quantity, BigDecimal price, String orderId) {
        public GroupPosition position() {
            return new GroupPosition(ts, EventType.TRADE, clientId, eventId);
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

    public static final class WaitingType extends TypeInfoFactory<Map<String, Waiting>> {
        @Override
        public TypeInformation<Map<String, Waiting>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return Types.MAP(Types.STRING, TypeInformation.of(Waiting.class));
        }
    }

    public static final class MatchedType extends TypeInfoFactory<Map<String, Boolean>> {
        @Override
        public TypeInformation<Map<String, Boolean>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return Types.MAP(Types.STRING, Types.BOOLEAN);
        }
    }

    /** Starts another trading day: yesterday's orders are closed and its waits end. */
    public void startDay(long epochDay) {
        if (epochDay != day) {
            orders = null;
            waiting = null;
            matched = null;
            day = epochDay;
        }
    }

    public boolean isEmpty() {
        return empty(orders) && empty(waiting) && empty(matched);
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
        String key = f.symbol() + '\u0000' + f.matchId();
        if (matched != null && matched.containsKey(key)) {
            return null;
        }
        if (waiting == null) {
            waiting = new HashMap<>(4);
        }
        Waiting w = waiting.get(key);
        if (w == null) {
            waiting.put(
                    key,
                    new Waiting(
                            f.ts(),
                            Interned.clientId(f.clientId()),
                            f.eventId(),
                            f.side(),
                            f.quantity(),
                            f.price(),
                            o == null ? null : o.orderId()));
            return null;
        }
        if (w.side() == f.side()) {
            return null; // waits behind the earlier one of its side, which pairs first
        }
        waiting.remove(key);
        if (matched == null) {
            matched = new HashMap<>(4);
        }
        matched.put(key, true);
        return new SelfMatch(w, f, Math.min(w.quantity(), f.quantity()));
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
