package io.riskwatch.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.riskwatch.alert.Masking;
import io.riskwatch.model.Cancel;
import io.riskwatch.model.CashSnapshot;
import io.riskwatch.model.ClientRecord;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.MarketPoint;
import io.riskwatch.model.OpenOrder;
import io.riskwatch.model.Order;
import io.riskwatch.model.PositionSnapshot;
import io.riskwatch.model.Quote;
import io.riskwatch.model.SecurityRecord;
import io.riskwatch.model.Side;
import io.riskwatch.model.Trade;
import io.riskwatch.model.TradeFact;
import io.riskwatch.model.Transfer;
import io.riskwatch.model.TransferFact;
import io.riskwatch.state.GroupBook;
import io.riskwatch.state.SymbolPoint;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

/**
 * Renders evidence events (contract section 4, {@code evidenceEvents}): the event's {@code type}, {@code eventId},
 * {@code ts} (ISO-8601 with the trading-day zone's offset, as the alert's ts) and its section-1 fields in the
 * contract's order, absent optional fields left out, decimals with their scale, a bank account masked to its last
 * four characters.
 *
 * <p>Where a rule sees an event only through a fact another operator made of it, the evidence has the fields that
 * fact carries: a trade seen by EXCESSIVE_CHURNING has no fee, orderId or matchId; an order, cancel or trade seen
 * by a group rule has no fee or accountId; a quote seen by a group rule has its price, volume and, on the side of
 * the event that looked it up, the price limit and resting volume.
 */
public final class EvidenceEvents {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EvidenceEvents() {}

    /** The event as it was read: every field of its payload. */
    public static EvidenceEvent of(Event e, ZoneId zone) {
        return render(e.type(), e.eventId(), e.ts(), zone, g -> payload(g, e.payload(), zone));
    }

    /** A quote or security record of a symbol's history. */
    public static EvidenceEvent of(SymbolPoint p, String symbol, ZoneId zone) {
        if (p.security() != null) {
            return render(EventType.SECURITY, p.eventId(), p.ts(), zone, g -> payload(g, p.security(), zone));
        }
        Quote q = p.quote() != null ? p.quote() : new Quote(symbol, p.price(), null);
        return render(EventType.QUOTE, p.eventId(), p.ts(), zone, g -> payload(g, q, zone));
    }

    /** A quote as a group rule saw it from one side (what {@link MarketPoint} keeps of it). */
    public static EvidenceEvent of(MarketPoint q, String symbol, Side side, ZoneId zone) {
        boolean buy = side == Side.BUY;
        return render(EventType.QUOTE, q.eventId(), q.ts(), zone, g -> {
            g.writeStringField("symbol", symbol);
            number(g, "price", q.price());
            number(g, "volume", q.volume());
            number(g, buy ? "bidVolume" : "askVolume", q.resting());
            number(g, buy ? "limitUp" : "limitDown", q.limit());
        });
    }

    /** An order, cancel or trade as the group operator received it. */
    public static EvidenceEvent of(GroupFact f, ZoneId zone) {
        String orderId = f.order() == null ? null : f.order().orderId();
        return render(f.type(), f.eventId(), f.ts(), zone, g -> {
            g.writeStringField("clientId", f.clientId());
            string(g, "orderId", orderId);
            if (f.type() == EventType.CANCEL) {
                return;
            }
            g.writeStringField("symbol", f.symbol());
            string(g, "side", f.side() == null ? null : f.side().name());
            number(g, "price", f.price());
            g.writeNumberField("quantity", f.quantity());
            string(g, "matchId", f.matchId());
        });
    }

    /** A trade that waited for its self-match partner, under {@code symbol} and {@code matchId}. */
    public static EvidenceEvent of(GroupBook.Waiting w, String symbol, String matchId, ZoneId zone) {
        return render(EventType.TRADE, w.eventId(), w.ts(), zone, g -> {
            g.writeStringField("clientId", w.clientId());
            string(g, "orderId", w.orderId());
            g.writeStringField("symbol", symbol);
            g.writeStringField("side", w.side().name());
            number(g, "price", w.price());
            g.writeNumberField("quantity", w.quantity());
            string(g, "matchId", matchId);
        });
    }

    /** An order as its lifecycle keeps it (the quantity it was placed with). */
    public static EvidenceEvent of(OpenOrder o, ZoneId zone) {
        return render(EventType.ORDER, o.eventId(), o.ts(), zone, g -> {
            g.writeStringField("clientId", o.clientId());
            g.writeStringField("orderId", o.orderId());
            g.writeStringField("symbol", o.symbol());
            g.writeStringField("side", o.side().name());
            number(g, "price", o.price());
            g.writeNumberField("quantity", o.quantity());
        });
    }

    /** A trade as a sequence rule received it. */
    public static EvidenceEvent of(TradeFact t, ZoneId zone) {
        return render(EventType.TRADE, t.eventId(), t.ts(), zone, g -> {
            g.writeStringField("clientId", t.clientId());
            g.writeStringField("symbol", t.symbol());
            g.writeStringField("side", t.side().name());
            number(g, "price", t.price());
            g.writeNumberField("quantity", t.quantity());
        });
    }

    /** A transfer as a sequence rule received it. */
    public static EvidenceEvent of(TransferFact t, ZoneId zone) {
        return render(EventType.TRANSFER, t.eventId(), t.ts(), zone, g -> {
            g.writeStringField("clientId", t.clientId());
            g.writeStringField("direction", t.direction().name());
            number(g, "amount", t.amount());
        });
    }

    /** The events' ids, in order: the alert's {@code evidence}. */
    public static List<String> ids(List<EvidenceEvent> events) {
        return events.stream().map(EvidenceEvent::eventId).toList();
    }

    /** The events as one JSON array, in order: the alert's {@code evidenceEvents}. */
    public static String json(List<EvidenceEvent> events) {
        StringBuilder b = new StringBuilder(2 + 160 * events.size()).append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(events.get(i).json());
        }
        return b.append(']').toString();
    }

    private static void payload(JsonGenerator g, Object payload, ZoneId zone) throws IOException {
        if (payload instanceof Transfer t) {
            g.writeStringField("clientId", t.clientId());
            g.writeStringField("direction", t.direction().name());
            number(g, "amount", t.amount());
            string(g, "accountId", t.accountId());
            string(g, "channel", t.channel());
            string(g, "bankAccount", Masking.lastFour(t.bankAccount()));
        } else if (payload instanceof Order o) {
            g.writeStringField("clientId", o.clientId());
            g.writeStringField("orderId", o.orderId());
            g.writeStringField("symbol", o.symbol());
            g.writeStringField("side", o.side().name());
            number(g, "price", o.price());
            g.writeNumberField("quantity", o.quantity());
            string(g, "accountId", o.accountId());
        } else if (payload instanceof Cancel c) {
            g.writeStringField("clientId", c.clientId());
            g.writeStringField("orderId", c.orderId());
        } else if (payload instanceof Trade t) {
            g.writeStringField("clientId", t.clientId());
            g.writeStringField("orderId", t.orderId());
            g.writeStringField("symbol", t.symbol());
            g.writeStringField("side", t.side().name());
            number(g, "price", t.price());
            g.writeNumberField("quantity", t.quantity());
            number(g, "fee", t.fee());
            string(g, "matchId", t.matchId());
        } else if (payload instanceof Quote q) {
            g.writeStringField("symbol", q.symbol());
            number(g, "price", q.price());
            number(g, "prevClose", q.prevClose());
            number(g, "volume", q.volume());
            number(g, "bidPrice", q.bidPrice());
            number(g, "bidVolume", q.bidVolume());
            number(g, "askPrice", q.askPrice());
            number(g, "askVolume", q.askVolume());
            number(g, "limitUp", q.limitUp());
            number(g, "limitDown", q.limitDown());
        } else if (payload instanceof SecurityRecord s) {
            g.writeStringField("symbol", s.symbol());
            string(g, "riskLevel", s.riskLevel() == null ? null : s.riskLevel().name());
            string(g, "name", s.name());
            string(g, "board", s.board() == null ? null : s.board().name());
            g.writeBooleanField("st", s.st());
        } else if (payload instanceof ClientRecord c) {
            g.writeStringField("clientId", c.clientId());
            g.writeStringField("tier", c.tier().name());
            string(
                    g,
                    "riskProfile",
                    c.riskProfile() == null ? null : c.riskProfile().name());
            string(g, "brokerId", c.brokerId());
            if (c.lastActivityAt() != null) {
                g.writeStringField("lastActivityAt", AlertFactory.formatTs(c.lastActivityAt(), zone));
            }
            string(g, "groupId", c.groupId());
        } else if (payload instanceof PositionSnapshot p) {
            g.writeStringField("clientId", p.clientId());
            g.writeStringField("symbol", p.symbol());
            g.writeNumberField("quantity", p.quantity());
            number(g, "avgCost", p.avgCost());
        } else if (payload instanceof CashSnapshot c) {
            g.writeStringField("clientId", c.clientId());
            number(g, "balance", c.balance());
        }
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static EvidenceEvent render(EventType type, String eventId, long ts, ZoneId zone, Fields fields) {
        StringWriter out = new StringWriter(192);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", type.wireName());
            g.writeStringField("eventId", eventId);
            g.writeStringField("ts", AlertFactory.formatTs(ts, zone));
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("evidence event " + eventId + " cannot be rendered", e);
        }
        return new EvidenceEvent(eventId, out.toString());
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, BigDecimal value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.toPlainString());
        }
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }
}
