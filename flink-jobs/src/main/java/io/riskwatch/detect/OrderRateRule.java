package io.riskwatch.detect;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Cancel;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.Order;
import io.riskwatch.model.Side;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.DurationText;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.state.ClientView;
import io.riskwatch.state.PackedStrings;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * ORDER_RATE 申报速率异常/高频交易 (RISK, MEDIUM; contract section 7, reading 16): at an order or cancel of a
 * client, kind {@code PER_SECOND} when the client's orders and cancels with ts in (ts - 1 s, ts] reach 300, kind
 * {@code PER_DAY} when those of the trading day reach 20,000 (the exchanges' published high-frequency thresholds).
 * Any symbol counts; each event by its own ts. Once per client, kind and trading day; both kinds may fire on one
 * event. Keyed state: the client's orders and cancels of the last second and the day's first (each with its fields
 * packed, rendered as evidence only when the rule fires) and the day's count, dropped at the end of the trading day.
 */
public final class OrderRateRule implements ClientRule {
    public static final String ID = "ORDER_RATE";
    static final String STATE = "order-rate";
    static final String PER_SECOND = "PER_SECOND";
    static final String PER_DAY = "PER_DAY";
    private static final long serialVersionUID = 1L;

    /**
     * The client's orders and cancels: those of the window, oldest first, and the trading day's. The window is a ring
     * over two arrays (ts and the counted events; usually one or two entries a client), not lists of boxed values.
     * Most clients' day ends with one or two events kept (the day's first, the window's last), so they are kept
     * packed ({@link Counted}), not rendered: about a third of the memory, and no rendering per order.
     */
    public static class Counts {
        /** The trading day counted, as {@link LocalDate#toEpochDay()}. */
        public long day;

        public long dayCount;
        public Counted first;
        public long[] windowTs = new long[1];
        /** Null in a value restored from a build that kept rendered events: the window then starts empty. */
        public Counted[] window = new Counted[1];
        /** Where the window's oldest entry is in the arrays. */
        public int windowStart;
        /** How many entries the window holds. */
        public int windowSize;

        public boolean firedPerSecond;
        public boolean firedPerDay;

        public Counts() {}

        /** Drops the window's entries with ts at or before {@code bound}. */
        void dropUpTo(long bound) {
            if (window == null) { // restored from a build that kept rendered events: the window starts empty
                windowTs = new long[1];
                window = new Counted[1];
                windowStart = 0;
                windowSize = 0;
            }
            while (windowSize > 0 && windowTs[windowStart] <= bound) {
                window[windowStart] = null;
                windowStart = (windowStart + 1) % windowTs.length;
                windowSize--;
            }
        }

        void add(long ts, Counted event) {
            int capacity = windowTs.length;
            if (windowSize == capacity) {
                long[] ts2 = new long[capacity * 2];
                Counted[] events2 = new Counted[capacity * 2];
                for (int i = 0; i < windowSize; i++) {
                    ts2[i] = windowTs[(windowStart + i) % capacity];
                    events2[i] = window[(windowStart + i) % capacity];
                }
                windowTs = ts2;
                window = events2;
                windowStart = 0;
                capacity *= 2;
            }
            int at = (windowStart + windowSize) % capacity;
            windowTs[at] = ts;
            window[at] = event;
            windowSize++;
        }

        Counted windowFirst() {
            return window[windowStart];
        }
    }

    /**
     * An order or cancel as counted: its ts, and its eventId and payload fields packed ({@link PackedStrings}:
     * eventId, clientId, orderId, then for an order symbol, side, price, quantity, accountId).
     */
    public record Counted(long ts, boolean cancel, byte[] fields) {
        static Counted of(Event e) {
            if (e.type() == EventType.CANCEL) {
                Cancel c = e.cancel();
                return new Counted(e.ts(), true, PackedStrings.pack(e.eventId(), c.clientId(), c.orderId()));
            }
            Order o = e.order();
            return new Counted(
                    e.ts(),
                    false,
                    PackedStrings.pack(
                            e.eventId(),
                            o.clientId(),
                            o.orderId(),
                            o.symbol(),
                            o.side().name(),
                            o.price().toString(),
                            Long.toString(o.quantity()),
                            o.accountId()));
        }

        String eventId() {
            return PackedStrings.unpack(fields, 0);
        }

        /** The event as it was read, for its evidence: the same payload, so the same rendering. */
        Event event() {
            String clientId = PackedStrings.unpack(fields, 1);
            String orderId = PackedStrings.unpack(fields, 2);
            Object payload = cancel
                    ? new Cancel(clientId, orderId)
                    : new Order(
                            clientId,
                            orderId,
                            PackedStrings.unpack(fields, 3),
                            Side.valueOf(PackedStrings.unpack(fields, 4)),
                            new BigDecimal(PackedStrings.unpack(fields, 5)), // toString's text: scale kept
                            Long.parseLong(PackedStrings.unpack(fields, 6)),
                            PackedStrings.unpack(fields, 7));
            return Event.of(cancel ? EventType.CANCEL : EventType.ORDER, eventId(), ts, null, null, payload);
        }
    }

    /**
     * @param perSecond orders + cancels within {@code window} that fire {@code PER_SECOND}
     * @param perDay orders + cancels in a trading day that fire {@code PER_DAY}
     * @param window the sliding window of {@code PER_SECOND}, open at its start: (ts - window, ts]
     */
    public record Settings(
            long perSecond,
            long perDay,

            @JsonDeserialize(using = DurationText.Reader.class) @JsonSerialize(using = DurationText.Writer.class)
            long window)
            implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(300, 20_000, Duration.ofSeconds(1).toMillis()))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"},
                       "perSecond": {"type": "integer", "minimum": 1},
                       "perDay": {"type": "integer", "minimum": 1},
                       "window": {"$ref": "#/$defs/duration"}}}""")
            .client((own, all, env) -> new OrderRateRule(own.settings(), own.ruleVersion()))
            .build();

    static final String REGULATION = "申报速率异常/高频交易: order and cancel rate (SSE/SZSE abnormal trading, 2025 "
            + "high-frequency thresholds 300 a second, 20,000 a day)";

    private final Settings config;
    private final String ruleVersion;
    private transient ValueState<Counts> state;

    public OrderRateRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void open(RuntimeContext context) {
        state = context.getState(new ValueStateDescriptor<>(STATE, TypeInformation.of(Counts.class)));
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) throws Exception {
        if (event.type() != EventType.ORDER && event.type() != EventType.CANCEL) {
            return;
        }
        LocalDate day = client.tradingDay(event);
        Counts c = state.value();
        if (c == null || c.day != day.toEpochDay()) {
            c = new Counts();
            c.day = day.toEpochDay();
            client.wakeAt(client.startOfNextDay(day)); // the day's counts go at its end
        }
        c.dropUpTo(event.ts() - config.window()); // (ts - window, ts]: an event exactly `window` before is out
        Counted counted = Counted.of(event);
        c.add(event.ts(), counted);
        c.dayCount++;
        if (c.first == null && c.dayCount == 1) {
            c.first = counted;
        }
        if (!c.firedPerSecond && c.windowSize >= config.perSecond()) {
            c.firedPerSecond = true;
            alerts.accept(alert(PER_SECOND, c.windowSize, config.perSecond(), c.windowFirst(), event, client));
        }
        if (!c.firedPerDay && c.dayCount >= config.perDay()) {
            c.firedPerDay = true;
            alerts.accept(alert(PER_DAY, c.dayCount, config.perDay(), c.first, event, client));
        }
        state.update(c);
    }

    private Alert alert(String kind, long count, long threshold, Counted first, Event completing, ClientView client) {
        EvidenceEvent last = EvidenceEvents.of(completing, client.zone());
        // first is null only in a day restored from a build that kept rendered events: the completing event alone
        List<EvidenceEvent> evidence = first == null || first.eventId().equals(completing.eventId())
                ? List.of(last)
                : List.of(EvidenceEvents.of(first.event(), client.zone()), last);
        Metrics metrics = Metrics.create()
                .put("kind", kind)
                .put("count", count)
                .put("threshold", threshold)
                .put("regulation", REGULATION);
        String summary = PER_SECOND.equals(kind)
                ? count + " orders and cancels within " + config.window() + " ms (limit " + threshold + ")"
                : count + " orders and cancels this trading day (limit " + threshold + ")";
        return AlertFactory.client(
                ID,
                Severity.MEDIUM,
                ruleVersion,
                client,
                client.clientId() + "/" + kind,
                null,
                completing,
                evidence,
                summary,
                metrics);
    }

    @Override
    public void onTimer(long ts, ClientView client, Consumer<Alert> alerts) throws Exception {
        Counts c = state.value();
        if (c != null && ts >= client.startOfNextDay(LocalDate.ofEpochDay(c.day))) {
            state.clear();
        }
    }
}
