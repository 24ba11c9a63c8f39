package io.riskwatch.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.model.Event;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.EventParser;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readable test events: {@code transfer("C1", "IN", "800000").at(OPEN.plus(MINUTE))}. Every builder renders
 * contract JSON and runs it through the real {@link EventParser}, so tests exercise the same path as input.
 */
public final class TestEvents {
    /** 2026-11-20 09:30:00 in Shanghai: the market opens. */
    public static final Instant OPEN = Instant.parse("2026-11-20T01:30:00Z");

    public static final Duration MS = Duration.ofMillis(1);
    public static final Duration MINUTE = Duration.ofMinutes(1);
    public static final Duration HOUR = Duration.ofHours(1);
    public static final Duration DAY = Duration.ofDays(1);

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final ZoneOffset SHANGHAI = ZoneOffset.ofHours(8);
    private static final AtomicLong IDS = new AtomicLong();

    private TestEvents() {}

    public static Builder transfer(String clientId, String direction, String amount) {
        return new Builder("transfer")
                .with("clientId", clientId)
                .with("direction", direction)
                .withNumber("amount", amount);
    }

    public static Builder client(String clientId, String tier) {
        Builder b = new Builder("client").with("clientId", clientId);
        return tier == null ? b : b.with("tier", tier);
    }

    public static Builder quote(String symbol, String price) {
        return new Builder("quote").with("symbol", symbol).withNumber("price", price);
    }

    public static Builder trade(String clientId, String symbol, String side, String price, long quantity) {
        return new Builder("trade")
                .with("clientId", clientId)
                .with("orderId", "o-" + IDS.incrementAndGet())
                .with("symbol", symbol)
                .with("side", side)
                .withNumber("price", price)
                .withNumber("quantity", "" + quantity);
    }

    public static Builder order(String clientId, String symbol, String side, String price, long quantity) {
        return new Builder("order")
                .with("clientId", clientId)
                .with("orderId", "o-" + IDS.incrementAndGet())
                .with("symbol", symbol)
                .with("side", side)
                .withNumber("price", price)
                .withNumber("quantity", "" + quantity);
    }

    public static Builder cancel(String clientId, String orderId) {
        return new Builder("cancel").with("clientId", clientId).with("orderId", orderId);
    }

    public static Builder position(String clientId, String symbol, long quantity, String avgCost) {
        Builder b = new Builder("position")
                .with("clientId", clientId)
                .with("symbol", symbol)
                .withNumber("quantity", "" + quantity);
        return avgCost == null ? b : b.withNumber("avgCost", avgCost);
    }

    public static Builder security(String symbol, String riskLevel) {
        Builder b = new Builder("security").with("symbol", symbol);
        return riskLevel == null ? b : b.with("riskLevel", riskLevel);
    }

    public static Builder cash(String clientId, String balance) {
        return new Builder("cash").with("clientId", clientId).withNumber("balance", balance);
    }

    /** Shanghai-local ISO text of an instant, as inputs carry it. */
    public static String iso(Instant t) {
        return OffsetDateTime.ofInstant(t, SHANGHAI).toString();
    }

    /** Builds one event's JSON; {@link #build()} parses it. */
    public static final class Builder {
        private final ObjectNode node = MAPPER.createObjectNode();
        private String source = "test:1";

        Builder(String type) {
            node.put("type", type);
            node.put("eventId", type.charAt(0) + "-" + IDS.incrementAndGet());
            node.put("ts", iso(OPEN));
        }

        public Builder with(String field, String value) {
            node.put(field, value);
            return this;
        }

        public Builder withNumber(String field, String decimal) {
            node.put(field, new BigDecimal(decimal));
            return this;
        }

        public Builder withBoolean(String field, boolean value) {
            node.put(field, value);
            return this;
        }

        public Builder id(String eventId) {
            return with("eventId", eventId);
        }

        public Builder at(Instant ts) {
            return with("ts", iso(ts));
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public String json() {
            return node.toString();
        }

        public Event build() {
            SourceRecord r = new EventParser().parse(json(), source);
            if (r.event() == null) {
                throw new IllegalArgumentException("test event rejected: " + r.deadLetter() + " for " + json());
            }
            return r.event();
        }
    }
}
