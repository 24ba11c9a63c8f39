package io.riskwatch.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.riskwatch.model.Board;
import io.riskwatch.model.Cancel;
import io.riskwatch.model.CashSnapshot;
import io.riskwatch.model.ClientRecord;
import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Direction;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Order;
import io.riskwatch.model.PositionSnapshot;
import io.riskwatch.model.Quote;
import io.riskwatch.model.Reasons;
import io.riskwatch.model.RiskLevel;
import io.riskwatch.model.RiskProfile;
import io.riskwatch.model.SecurityRecord;
import io.riskwatch.model.Side;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.model.Tier;
import io.riskwatch.model.Trade;
import io.riskwatch.model.Transfer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON text to a validated {@link Event}, or a {@link DeadLetter} with the contract's reason.
 *
 * <p>Checks run in the contract's order and the first failure wins (precise reading 1): JSON object,
 * {@code type}, {@code eventId}, {@code ts}, the type's required fields in table order, then the optional
 * fields that are present. Money and prices are read as {@link BigDecimal}, never as binary floats.
 *
 * <p>Our readings where the contract is silent: ids and enum values are case-sensitive strings; a decimal
 * must have at most {@value #MAX_INTEGER_DIGITS} integer digits and {@value #MAX_SCALE} decimals (a value
 * such as {@code 1e999999} is {@code invalid_value}), and is kept with a scale in [0, {@value #MAX_SCALE}] (a zero
 * written {@code 0E-2147483647} is plain 0, so no later arithmetic meets an extreme scale); a number too long
 * for Jackson's default limit, or a field nested deeper than its default, is read like any other (up to the
 * record size), so it is {@code invalid_value} or ignored rather than {@code malformed_json}; a {@code ts} must
 * lie in the years 0001 to 9999 ({@code invalid_value:ts} otherwise: later day and lateness arithmetic never
 * overflows); {@code prevClose} must be &gt; 0 and {@code avgCost} &gt;= 0 when present; {@code cash.balance}
 * may be negative.
 *
 * <p>Not thread-safe per call site; create one per operator instance.
 */
public final class EventParser {
    private static final Logger LOG = LoggerFactory.getLogger(EventParser.class);

    static final int MAX_INTEGER_DIGITS = 18;
    static final int MAX_SCALE = 10;
    static final int MAX_EVENT_ID_LENGTH = 128;
    /** A record is at most 64 KiB (a longer one is {@code oversized} before it is parsed). */
    static final int MAX_RECORD_CHARS = 65_536;

    static final long MIN_TS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    static final long MAX_TS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(MAX_RECORD_CHARS)
                            .maxNestingDepth(MAX_RECORD_CHARS)
                            .build())
                    // a key given twice is ambiguous (which amount did the sender mean?): malformed_json
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final IsoTimestamps timestamps = new IsoTimestamps();

    /** Parses one record; never throws for bad input. */
    public SourceRecord parse(String raw, String source) {
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            return reject(Reasons.MALFORMED_JSON, source, raw);
        } catch (NumberFormatException e) {
            // a number no BigDecimal holds (an exponent past the int range, 1E-2147483648): read it as text, so
            // the field it is in is judged (invalid_value) and an unknown field holding it is ignored
            node = readWithUnreadableNumbersQuoted(raw);
            if (node == null) {
                return reject(Reasons.MALFORMED_JSON, source, raw);
            }
        }
        if (node == null || !node.isObject()) {
            return reject(Reasons.MALFORMED_JSON, source, raw);
        }
        try {
            return SourceRecord.of(toEvent(new Fields(node, timestamps), source, raw));
        } catch (Rejected r) {
            return reject(r.reason, source, raw);
        } catch (RuntimeException e) {
            // a reading this parser did not foresee: the record is kept with a reason, the job goes on
            LOG.warn("{}: unreadable record ({}); dead-lettered as malformed_json", source, e.toString());
            return reject(Reasons.MALFORMED_JSON, source, raw);
        }
    }

    /** The record with every number BigDecimal cannot hold turned into a string; null when that fails too. */
    private JsonNode readWithUnreadableNumbersQuoted(String raw) {
        StringBuilder quoted = new StringBuilder(raw.length() + 16);
        int copied = 0;
        try (JsonParser p = mapper.getFactory().createParser(raw)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                    continue;
                }
                try {
                    p.getDecimalValue();
                } catch (NumberFormatException e) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    String text = p.getText();
                    quoted.append(raw, copied, start).append('"').append(text).append('"');
                    copied = start + text.length();
                }
            }
            quoted.append(raw, copied, raw.length());
            return mapper.readTree(quoted.toString());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static SourceRecord reject(String reason, String source, String raw) {
        return SourceRecord.of(new DeadLetter(reason, source, raw));
    }

    private static Event toEvent(Fields f, String source, String raw) {
        JsonNode typeNode = f.node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new Rejected(Reasons.missingField("type"));
        }
        EventType type = typeNode.isTextual() ? EventType.fromWireName(typeNode.textValue()) : null;
        if (type == null) {
            throw new Rejected(Reasons.UNKNOWN_TYPE);
        }
        String eventId = f.id("eventId");
        if (eventId.length() > MAX_EVENT_ID_LENGTH) {
            throw new Rejected(Reasons.invalidValue("eventId"));
        }
        long ts = f.timestamp("ts");
        Object payload = switch (type) {
            case TRANSFER ->
                new Transfer(
                        f.id("clientId"),
                        f.enumValue("direction", Direction.class),
                        f.positiveDecimal("amount"),
                        f.optionalId("accountId"),
                        f.optionalString("channel"),
                        f.optionalString("bankAccount"));
            case ORDER ->
                new Order(
                        f.id("clientId"),
                        f.id("orderId"),
                        f.id("symbol"),
                        f.enumValue("side", Side.class),
                        f.positiveDecimal("price"),
                        f.quantity("quantity", false),
                        f.optionalId("accountId"));
            case CANCEL -> new Cancel(f.id("clientId"), f.id("orderId"));
            case TRADE -> {
                String clientId = f.id("clientId");
                String orderId = f.id("orderId");
                String symbol = f.id("symbol");
                Side side = f.enumValue("side", Side.class);
                BigDecimal price = f.positiveDecimal("price");
                long quantity = f.quantity("quantity", false);
                BigDecimal fee = f.optionalDecimal("fee", Bound.NON_NEGATIVE);
                String matchId = f.optionalId("matchId");
                yield new Trade(
                        clientId, orderId, symbol, side, price, quantity, fee == null ? BigDecimal.ZERO : fee, matchId);
            }
            // optional fields in the table's order: the first bad one is the reason (reading 1)
            case QUOTE ->
                new Quote(
                        f.id("symbol"),
                        f.positiveDecimal("price"),
                        f.optionalDecimal("prevClose", Bound.POSITIVE),
                        f.optionalQuantity("volume"),
                        f.optionalDecimal("bidPrice", Bound.POSITIVE),
                        f.optionalQuantity("bidVolume"),
                        f.optionalDecimal("askPrice", Bound.POSITIVE),
                        f.optionalQuantity("askVolume"),
                        f.optionalDecimal("limitUp", Bound.POSITIVE),
                        f.optionalDecimal("limitDown", Bound.POSITIVE));
            case CLIENT -> {
                String clientId = f.id("clientId");
                Tier tier = f.optionalEnum("tier", Tier.class);
                yield new ClientRecord(
                        clientId,
                        tier == null ? Tier.STANDARD : tier,
                        f.optionalEnum("riskProfile", RiskProfile.class),
                        f.optionalId("brokerId"),
                        f.optionalTimestamp("lastActivityAt"),
                        f.optionalId("groupId"));
            }
            case HOLDER_CHECK, RULES -> throw new Rejected(Reasons.UNKNOWN_TYPE); // internal, never read
            case SECURITY ->
                new SecurityRecord(
                        f.id("symbol"),
                        f.optionalEnum("riskLevel", RiskLevel.class),
                        f.optionalString("name"),
                        f.optionalEnum("board", Board.class),
                        f.optionalBoolean("st"));
            case POSITION ->
                new PositionSnapshot(
                        f.id("clientId"),
                        f.id("symbol"),
                        f.quantity("quantity", true),
                        f.optionalDecimal("avgCost", Bound.NON_NEGATIVE));
            case CASH -> new CashSnapshot(f.id("clientId"), f.decimal("balance", Bound.ANY));
        };
        return Event.of(type, eventId, ts, source, raw, payload);
    }

    private enum Bound {
        ANY,
        POSITIVE,
        NON_NEGATIVE
    }

    /** Field access with the contract's missing/invalid distinction. */
    private static final class Fields {
        final JsonNode node;
        private final IsoTimestamps timestamps;

        Fields(JsonNode node, IsoTimestamps timestamps) {
            this.timestamps = timestamps;
            this.node = node;
        }

        JsonNode required(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                throw new Rejected(Reasons.missingField(name));
            }
            return v;
        }

        JsonNode optional(String name) {
            JsonNode v = node.get(name);
            return v == null || v.isNull() ? null : v;
        }

        String id(String name) {
            return idValue(name, required(name));
        }

        String optionalId(String name) {
            JsonNode v = optional(name);
            return v == null ? null : idValue(name, v);
        }

        String optionalString(String name) {
            JsonNode v = optional(name);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                throw new Rejected(Reasons.invalidValue(name));
            }
            return v.textValue();
        }

        long timestamp(String name) {
            return timestampValue(name, required(name));
        }

        Long optionalTimestamp(String name) {
            JsonNode v = optional(name);
            return v == null ? null : timestampValue(name, v);
        }

        <E extends Enum<E>> E enumValue(String name, Class<E> type) {
            return enumOf(name, required(name), type);
        }

        <E extends Enum<E>> E optionalEnum(String name, Class<E> type) {
            JsonNode v = optional(name);
            return v == null ? null : enumOf(name, v, type);
        }

        BigDecimal positiveDecimal(String name) {
            return decimal(name, Bound.POSITIVE);
        }

        BigDecimal decimal(String name, Bound bound) {
            return decimalValue(name, required(name), bound);
        }

        BigDecimal optionalDecimal(String name, Bound bound) {
            JsonNode v = optional(name);
            return v == null ? null : decimalValue(name, v, bound);
        }

        /** An optional count of shares (>= 0, an integer written like {@code quantity}), or null. */
        Long optionalQuantity(String name) {
            return optional(name) == null ? null : quantity(name, true);
        }

        /** An optional JSON boolean ({@code "true"} as a string is invalid); false when absent. */
        boolean optionalBoolean(String name) {
            JsonNode v = optional(name);
            if (v == null) {
                return false;
            }
            if (!v.isBoolean()) {
                throw new Rejected(Reasons.invalidValue(name));
            }
            return v.booleanValue();
        }

        long quantity(String name, boolean zeroAllowed) {
            BigDecimal q = decimalValue(name, required(name), zeroAllowed ? Bound.NON_NEGATIVE : Bound.POSITIVE);
            try {
                // 100, 100.0 and "100" are integers; 12.5 is not
                return q.stripTrailingZeros().longValueExact();
            } catch (ArithmeticException e) {
                throw new Rejected(Reasons.invalidValue(name));
            }
        }

        private static String idValue(String name, JsonNode v) {
            if (!v.isTextual() || v.textValue().isEmpty()) {
                throw new Rejected(Reasons.invalidValue(name));
            }
            return v.textValue();
        }

        private long timestampValue(String name, JsonNode v) {
            if (!v.isTextual()) {
                throw new Rejected(Reasons.invalidValue(name));
            }
            try {
                // ISO_OFFSET_DATE_TIME requires an offset: a local date-time is invalid, as the contract says
                long ts = timestamps.toEpochMilli(v.textValue());
                if (ts < MIN_TS || ts > MAX_TS) {
                    throw new Rejected(Reasons.invalidValue(name));
                }
                return ts;
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new Rejected(Reasons.invalidValue(name));
            }
        }

        private static <E extends Enum<E>> E enumOf(String name, JsonNode v, Class<E> type) {
            if (v.isTextual()) {
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equals(v.textValue())) {
                        return constant;
                    }
                }
            }
            throw new Rejected(Reasons.invalidValue(name));
        }

        private static BigDecimal decimalValue(String name, JsonNode v, Bound bound) {
            BigDecimal d;
            if (v.isNumber()) {
                d = v.decimalValue();
            } else if (v.isTextual()) {
                try {
                    d = new BigDecimal(v.textValue());
                } catch (NumberFormatException e) {
                    throw new Rejected(Reasons.invalidValue(name));
                }
            } else {
                throw new Rejected(Reasons.invalidValue(name));
            }
            BigDecimal stripped = d.stripTrailingZeros();
            // long: precision - scale overflows an int for exponents near +-2^31
            if ((long) stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS || stripped.scale() > MAX_SCALE) {
                throw new Rejected(Reasons.invalidValue(name));
            }
            if (d.scale() < 0 || d.scale() > MAX_SCALE) {
                d = stripped.setScale(Math.max(stripped.scale(), 0));
            }
            int sign = d.signum();
            boolean ok = switch (bound) {
                case ANY -> true;
                case POSITIVE -> sign > 0;
                case NON_NEGATIVE -> sign >= 0;
            };
            if (!ok) {
                throw new Rejected(Reasons.invalidValue(name));
            }
            return d;
        }
    }

    /** Control flow for the first failing check; no stack trace, bad input is expected. */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;

        Rejected(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
