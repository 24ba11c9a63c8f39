package io.riskwatch.detect;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.DurationText;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.state.ClientView;
import java.io.Serializable;
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
 * event. Keyed state: the ts and ids of the client's orders and cancels of the last second and the day's count,
 * dropped at the end of the trading day.
 */
public final class OrderRateRule implements ClientRule {
    public static final String ID = "ORDER_RATE";
    static final String STATE = "order-rate";
    static final String PER_SECOND = "PER_SECOND";
    static final String PER_DAY = "PER_DAY";
    private static final long serialVersionUID = 1L;

    /**
     * The client's orders and cancels: those of the window, oldest first, and the trading day's. The window is a ring
     * over two arrays (ts and evidence; usually one or two entries a client), not lists of boxed values.
     */
    public static class Counts {
        /** The trading day counted, as {@link LocalDate#toEpochDay()}. */
        public long day;

        public long dayCount;
        public EvidenceEvent dayFirst;
        public long[] windowTs = new long[1];
        public EvidenceEvent[] windowEvents = new EvidenceEvent[1];
        /** Where the window's oldest entry is in the arrays. */
        public int windowStart;
        /** How many entries the window holds. */
        public int windowSize;

        public boolean firedPerSecond;
        public boolean firedPerDay;

        public Counts() {}

        /** Drops the window's entries with ts at or before {@code bound}. */
        void dropUpTo(long bound) {
            while (windowSize > 0 && windowTs[windowStart] <= bound) {
                windowEvents[windowStart] = null;
                windowStart = (windowStart + 1) % windowTs.length;
                windowSize--;
            }
        }

        void add(long ts, EvidenceEvent event) {
            int capacity = windowTs.length;
            if (windowSize == capacity) {
                long[] ts2 = new long[capacity * 2];
                EvidenceEvent[] events2 = new EvidenceEvent[capacity * 2];
                for (int i = 0; i < windowSize; i++) {
                    ts2[i] = windowTs[(windowStart + i) % capacity];
                    events2[i] = windowEvents[(windowStart + i) % capacity];
                }
                windowTs = ts2;
                windowEvents = events2;
                windowStart = 0;
                capacity *= 2;
            }
            int at = (windowStart + windowSize) % capacity;
            windowTs[at] = ts;
            windowEvents[at] = event;
            windowSize++;
        }

        EvidenceEvent windowFirst() {
            return windowEvents[windowStart];
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
        EvidenceEvent evidence = EvidenceEvents.of(event, client.zone());
        c.add(event.ts(), evidence);
        c.dayCount++;
        if (c.dayFirst == null) {
            c.dayFirst = evidence;
        }
        if (!c.firedPerSecond && c.windowSize >= config.perSecond()) {
            c.firedPerSecond = true;
            alerts.accept(alert(PER_SECOND, c.windowSize, config.perSecond(), c.windowFirst(), event, client));
        }
        if (!c.firedPerDay && c.dayCount >= config.perDay()) {
            c.firedPerDay = true;
            alerts.accept(alert(PER_DAY, c.dayCount, config.perDay(), c.dayFirst, event, client));
        }
        state.update(c);
    }

    private Alert alert(
            String kind, long count, long threshold, EvidenceEvent first, Event completing, ClientView client) {
        List<EvidenceEvent> evidence = first.eventId().equals(completing.eventId())
                ? List.of(first)
                : List.of(first, EvidenceEvents.of(completing, client.zone()));
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
