package io.riskwatch.scope;

import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.MarketPoint;
import io.riskwatch.model.OpenOrder;
import io.riskwatch.model.Order;
import io.riskwatch.model.Side;
import io.riskwatch.model.Trade;
import io.riskwatch.state.ClientView;
import io.riskwatch.state.PriceLookup;
import io.riskwatch.state.SymbolPoint;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The client operator's side of group scope (contract 7.1): it keeps the client's order lifecycle (open orders
 * by orderId: a lifecycle is per client and orderId whatever the client's group later) and turns each applied
 * order, cancel and trade into a {@link GroupFact} for the group in force, with the market data at its ts. When
 * an order placed in another group moves (the client changed group), that group gets a lifecycle update too.
 */
final class GroupFacts implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String STATE = "open-orders";

    private final long lookbackMillis;
    private transient MapState<String, OpenOrder> orders;

    /** @param lookbackMillis how far before a trade its {@code quoteBefore} is taken (0: none) */
    GroupFacts(long lookbackMillis) {
        this.lookbackMillis = lookbackMillis;
    }

    void open(RuntimeContext context) {
        orders =
                context.getMapState(new MapStateDescriptor<>(STATE, Types.STRING, TypeInformation.of(OpenOrder.class)));
    }

    /** Quotes at an instant, all types of it included; for {@code quoteBefore}. */
    interface QuotesAt {
        PriceLookup at(long ts);
    }

    /** The facts of one applied client event (none for other types). */
    void onEvent(Event e, ClientView client, QuotesAt quotes, Consumer<GroupFact> out) throws Exception {
        EventType type = e.type();
        if (type != EventType.ORDER && type != EventType.CANCEL && type != EventType.TRADE) {
            return;
        }
        long day = client.tradingDay(e).toEpochDay();
        String group = client.groupId(); // interned by the book
        switch (type) {
            case ORDER -> {
                Order o = e.order();
                OpenOrder replaced = live(o.orderId(), day);
                SymbolPoint q = client.quoteOf(o.symbol());
                SymbolPoint security = client.securityOf(o.symbol());
                Long sideVolume = q == null || q.quote() == null
                        ? null
                        : (o.side() == Side.BUY
                                ? q.quote().bidVolume()
                                : q.quote().askVolume());
                OpenOrder placed = new OpenOrder(
                        o.clientId(),
                        o.orderId(),
                        e.eventId(),
                        e.ts(),
                        day,
                        group,
                        o.symbol(),
                        o.side(),
                        o.price(),
                        o.quantity(),
                        sideVolume,
                        security != null && security.st(),
                        o.quantity());
                orders.put(o.orderId(), placed);
                client.wakeAt(client.startOfNextDay(client.tradingDay(e))); // open orders close at the day's end
                GroupFact f = fact(
                        e,
                        client,
                        group,
                        day,
                        o.symbol(),
                        o.side(),
                        o.price(),
                        o.quantity(),
                        null,
                        placed,
                        market(q, o.side()),
                        null,
                        placed.st());
                if (replaced != null && !replaced.groupId().equals(group)) {
                    out.accept(f.lifecycleFor(replaced.withOpen(0))); // the replaced order counts as 0 there
                }
                out.accept(f);
            }
            case CANCEL -> {
                OpenOrder o = live(e.cancel().orderId(), day);
                if (o == null) {
                    return; // an order not seen, filled or of another day: no lifecycle moves, no rule looks
                }
                orders.remove(o.orderId());
                GroupFact f =
                        fact(e, client, group, day, o.symbol(), o.side(), o.price(), 0, null, o, null, null, o.st());
                if (!o.groupId().equals(group)) {
                    out.accept(f.lifecycleFor(o.withOpen(0)));
                }
                out.accept(f);
            }
            default -> {
                Trade t = e.trade();
                OpenOrder o = live(t.orderId(), day);
                if (o != null) {
                    o = o.withOpen(Math.max(0, o.open() - t.quantity()));
                    if (o.open() == 0) {
                        orders.remove(o.orderId());
                    } else {
                        orders.put(o.orderId(), o);
                    }
                }
                SymbolPoint security = client.securityOf(t.symbol());
                SymbolPoint before = lookbackMillis <= 0
                        ? null
                        : quotes.at(e.ts() - lookbackMillis).quoteOf(t.symbol());
                GroupFact f = fact(
                        e,
                        client,
                        group,
                        day,
                        t.symbol(),
                        t.side(),
                        t.price(),
                        t.quantity(),
                        t.matchId(),
                        o,
                        market(client.quoteOf(t.symbol()), t.side()),
                        market(before, t.side()),
                        security != null && security.st());
                if (o != null && !o.groupId().equals(group)) {
                    out.accept(f.lifecycleFor(o));
                }
                out.accept(f);
            }
        }
    }

    /** The client's open order with this id, if it is of this trading day (an order closes at its day's end). */
    private OpenOrder live(String orderId, long day) throws Exception {
        OpenOrder o = orders.get(orderId);
        if (o != null && o.epochDay() != day) {
            orders.remove(orderId);
            return null;
        }
        return o;
    }

    /** Drops the orders whose trading day ended by {@code ts}. */
    void onTimer(long ts, ClientView client) throws Exception {
        List<String> closed = new ArrayList<>();
        for (Map.Entry<String, OpenOrder> o : orders.entries()) {
            if (client.startOfNextDay(LocalDate.ofEpochDay(o.getValue().epochDay())) <= ts) {
                closed.add(o.getKey());
            }
        }
        for (String id : closed) {
            orders.remove(id);
        }
    }

    /** What the group rules need of a quote point, from one side; null without a quote. */
    private static MarketPoint market(SymbolPoint p, Side side) {
        return p == null || p.quote() == null ? null : MarketPoint.of(p.eventId(), p.ts(), p.quote(), side);
    }

    private static GroupFact fact(
            Event e,
            ClientView client,
            String group,
            long day,
            String symbol,
            Side side,
            BigDecimal price,
            long quantity,
            String matchId,
            OpenOrder order,
            MarketPoint quote,
            MarketPoint before,
            boolean st) {
        return new GroupFact(
                group,
                false,
                e.type(),
                e.ts(),
                day,
                client.clientId(),
                client.brokerId(),
                e.eventId(),
                symbol,
                side,
                price,
                quantity,
                matchId,
                order,
                quote,
                before,
                st);
    }
}
