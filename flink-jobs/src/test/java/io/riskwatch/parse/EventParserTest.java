package io.riskwatch.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.Board;
import io.riskwatch.model.Direction;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Quote;
import io.riskwatch.model.RiskProfile;
import io.riskwatch.model.SecurityRecord;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.model.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bad-input corpus ({@code bad-input.corpus}) covers every reason a parser can give and the validation
 * order of precise reading 1: each case is a line {@code expected-reason<TAB>record}.
 */
class EventParserTest {
    private final EventParser parser = new EventParser();

    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = EventParserTest.class.getResourceAsStream("/bad-input.corpus")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int lineNo = 0;
            for (String line : text.split("\n", -1)) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                cases.add(Arguments.of(lineNo, line.substring(0, tab), line.substring(tab + 1)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "corpus line {0}: {1}")
    @MethodSource("corpus")
    void rejectsWithTheContractsReason(int line, String expected, String raw) {
        SourceRecord r = parser.parse(raw, "corpus:" + line);
        if (expected.equals("ok")) {
            assertThat(r.deadLetter()).as(raw).isNull();
            assertThat(r.event()).isNotNull();
        } else {
            assertThat(r.event()).as(raw).isNull();
            assertThat(r.deadLetter().reason()).as(raw).isEqualTo(expected);
            assertThat(r.deadLetter().raw()).isEqualTo(raw);
            assertThat(r.deadLetter().source()).isEqualTo("corpus:" + line);
        }
    }

    @Test
    void everyParserReasonOfTheContractIsInTheCorpus() throws IOException {
        List<String> reasons = corpus().map(a -> (String) a.get()[1]).toList();
        assertThat(reasons)
                .contains(
                        "malformed_json",
                        "unknown_type",
                        "missing_field:type",
                        "missing_field:eventId",
                        "missing_field:ts",
                        "invalid_value:eventId",
                        "invalid_value:ts");
        for (String field : List.of(
                "clientId", "direction", "amount", "orderId", "symbol", "side", "price", "quantity", "balance")) {
            assertThat(reasons).contains("missing_field:" + field, "invalid_value:" + field);
        }
        for (String optional : List.of(
                "fee", "tier", "riskProfile", "riskLevel", "lastActivityAt", "prevClose", "avgCost", "brokerId")) {
            assertThat(reasons).contains("invalid_value:" + optional);
        }
    }

    @Test
    void readsMoneyAsExactDecimalsFromNumbersAndStrings() {
        Event e = parse("{\"type\":\"transfer\",\"eventId\":\"t1\",\"ts\":\"2026-11-20T09:31:02.120+08:00\","
                + "\"clientId\":\"C1\",\"direction\":\"OUT\",\"amount\":0.1}");
        assertThat(e.transfer().amount()).isEqualByComparingTo(new BigDecimal("0.1"));
        assertThat(e.transfer().amount().toPlainString()).isEqualTo("0.1");
        Event s = parse("{\"type\":\"transfer\",\"eventId\":\"t1\",\"ts\":\"2026-11-20T09:31:02.120+08:00\","
                + "\"clientId\":\"C1\",\"direction\":\"OUT\",\"amount\":\"499999.99\"}");
        assertThat(s.transfer().amount().toPlainString()).isEqualTo("499999.99");
        assertThat(s.transfer().direction()).isEqualTo(Direction.OUT);
        assertThat(s.ts()).isEqualTo(Instant.parse("2026-11-20T01:31:02.120Z").toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "100.0", "\"100\"", "\"1e2\""})
    void quantityMayBeWrittenAsAnyIntegralNumber(String q) {
        Event e = parse("{\"type\":\"order\",\"eventId\":\"o1\",\"ts\":\"2026-11-20T01:31:02Z\",\"clientId\":\"C1\","
                + "\"orderId\":\"O1\",\"symbol\":\"600519.SH\",\"side\":\"BUY\",\"price\":10,\"quantity\":" + q + "}");
        assertThat(e.order().quantity()).isEqualTo(100);
    }

    @Test
    void clientRecordDefaultsAndKeys() {
        Event c = parse("{\"type\":\"client\",\"eventId\":\"c1\",\"ts\":\"2026-11-20T01:31:02Z\",\"clientId\":\"C9\","
                + "\"riskProfile\":\"BALANCED\",\"extra\":{\"ignored\":true}}");
        assertThat(c.type()).isEqualTo(EventType.CLIENT);
        assertThat(c.client().tier()).isEqualTo(Tier.STANDARD);
        assertThat(c.client().riskProfile()).isEqualTo(RiskProfile.BALANCED);
        assertThat(c.client().brokerId()).isNull();
        assertThat(c.key()).isEqualTo("C9");
        Event q =
                parse("{\"type\":\"quote\",\"eventId\":\"q1\",\"ts\":\"2026-11-20T01:31:02Z\",\"symbol\":\"113050.SH\","
                        + "\"price\":\"101.5\",\"prevClose\":null}");
        assertThat(q.key()).isEqualTo("113050.SH");
        assertThat(q.quote().prevClose()).isNull();
    }

    @Test
    void tradeWithoutFeeHasZeroFee() {
        Event t = parse("{\"type\":\"trade\",\"eventId\":\"x1\",\"ts\":\"2026-11-20T01:31:02Z\",\"clientId\":\"C1\","
                + "\"orderId\":\"O1\",\"symbol\":\"600519.SH\",\"side\":\"SELL\",\"price\":10,\"quantity\":5}");
        assertThat(t.trade().fee()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    private static final String TS = "\"ts\":\"2026-11-20T01:31:02Z\"";

    /** Issue 26, defects 1, 2 and 8: values that crashed a replay or cost minutes are a reason, or plain. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"amount\":1E+2147483647 | invalid_value:amount",
                "\"amount\":\"1E+2147483647\" | invalid_value:amount",
                "\"amount\":12E+2147483646 | invalid_value:amount",
                "\"amount\":1E-2147483647 | invalid_value:amount",
                "\"amount\":\"0E-2147483647\" | invalid_value:amount",
            })
    void extremeExponentsAreInvalidValues(String amount, String reason) {
        SourceRecord r = parser.parse(
                "{\"type\":\"transfer\",\"eventId\":\"t1\"," + TS + ",\"clientId\":\"C1\",\"direction\":\"IN\","
                        + amount + "}",
                "t:1");
        assertThat(r.deadLetter()).isNotNull();
        assertThat(r.deadLetter().reason()).isEqualTo(reason);
    }

    @Test
    void aZeroWithAHugeScaleIsPlainZero() {
        Event cash = parse("{\"type\":\"cash\",\"eventId\":\"c1\"," + TS + ",\"clientId\":\"C1\","
                + "\"balance\":\"0E-2147483647\"}");
        assertThat(cash.cash().balance()).isEqualByComparingTo("0");
        assertThat(cash.cash().balance().scale()).isZero();
        Event slow = parse(
                "{\"type\":\"cash\",\"eventId\":\"c2\"," + TS + ",\"clientId\":\"C1\"," + "\"balance\":0E-100000000}");
        assertThat(slow.cash().balance().scale()).isZero();
        Event fee = parse("{\"type\":\"trade\",\"eventId\":\"x1\"," + TS + ",\"clientId\":\"C1\",\"orderId\":\"O1\","
                + "\"symbol\":\"600519.SH\",\"side\":\"SELL\",\"price\":10,\"quantity\":5,\"fee\":\"0E-2147483647\"}");
        assertThat(fee.trade().fee().scale()).isZero();
        Event big = parse("{\"type\":\"cash\",\"eventId\":\"c3\"," + TS + ",\"clientId\":\"C1\",\"balance\":1E+5}");
        assertThat(big.cash().balance()).isEqualByComparingTo("100000");
        assertThat(big.cash().balance().scale()).isZero();
    }

    @Test
    void anOverlongNumberIsAnInvalidValueAndDeepNestingIsRead() {
        SourceRecord longNumber = parser.parse(
                "{\"type\":\"transfer\",\"eventId\":\"t1\"," + TS
                        + ",\"clientId\":\"C1\",\"direction\":\"IN\",\"amount\":" + "9".repeat(1500) + "}",
                "t:1");
        assertThat(longNumber.deadLetter().reason()).isEqualTo("invalid_value:amount");
        String deep = "[".repeat(2000) + "]".repeat(2000);
        Event e = parse("{\"type\":\"transfer\",\"eventId\":\"t2\"," + TS
                + ",\"clientId\":\"C1\",\"direction\":\"IN\",\"amount\":1,\"extra\":" + deep + "}");
        assertThat(e.transfer().amount()).isEqualByComparingTo("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+292278994-08-17T07:12:55.807Z", "-292275055-05-16T16:47:05Z", "+10000-01-01T00:00:00Z"})
    void aTsOutsideTheYears1To9999IsAnInvalidValue(String ts) {
        SourceRecord r = parser.parse(
                "{\"type\":\"cancel\",\"eventId\":\"x\",\"ts\":\"" + ts + "\",\"clientId\":\"C1\",\"orderId\":\"O1\"}",
                "t:1");
        assertThat(r.deadLetter().reason()).isEqualTo("invalid_value:ts");
    }

    @Test
    void theYears1And9999AreRead() {
        assertThat(parse("{\"type\":\"cancel\",\"eventId\":\"x\",\"ts\":\"9999-12-31T23:59:59.999Z\","
                                + "\"clientId\":\"C1\",\"orderId\":\"O1\"}")
                        .ts())
                .isEqualTo(EventParser.MAX_TS);
        assertThat(parse("{\"type\":\"cancel\",\"eventId\":\"x\",\"ts\":\"0001-01-01T00:00:00Z\","
                                + "\"clientId\":\"C1\",\"orderId\":\"O1\"}")
                        .ts())
                .isEqualTo(EventParser.MIN_TS);
    }

    @Test
    void theLevel1QuoteFieldsBoardStGroupAndMatchAreRead() {
        Quote q = parse("{\"type\":\"quote\",\"eventId\":\"q\",\"ts\":\"2026-11-20T09:30:00+08:00\","
                        + "\"symbol\":\"600519.SH\",\"price\":10.50,\"prevClose\":10,\"volume\":\"1200\","
                        + "\"bidPrice\":10.49,\"bidVolume\":300.0,\"askPrice\":\"10.51\",\"askVolume\":0,"
                        + "\"limitUp\":11.00,\"limitDown\":9}")
                .quote();
        assertThat(q.volume()).isEqualTo(1200L);
        assertThat(q.bidPrice()).isEqualByComparingTo("10.49");
        assertThat(q.bidVolume()).isEqualTo(300L);
        assertThat(q.askPrice()).isEqualByComparingTo("10.51");
        assertThat(q.askVolume()).isZero();
        assertThat(q.limitUp()).isEqualByComparingTo("11");
        assertThat(q.limitDown()).isEqualByComparingTo("9");
        Quote plain = parse("{\"type\":\"quote\",\"eventId\":\"q\",\"ts\":\"2026-11-20T09:30:00+08:00\","
                        + "\"symbol\":\"600519.SH\",\"price\":10.5}")
                .quote();
        assertThat(plain.volume()).isNull();
        assertThat(plain.limitUp()).isNull();

        SecurityRecord st = parse("{\"type\":\"security\",\"eventId\":\"s\",\"ts\":\"2026-11-20T09:30:00+08:00\","
                        + "\"symbol\":\"688001.SH\",\"board\":\"STAR\",\"st\":true}")
                .security();
        assertThat(st.board()).isEqualTo(Board.STAR);
        assertThat(st.st()).isTrue();
        SecurityRecord plainSecurity = parse("{\"type\":\"security\",\"eventId\":\"s\","
                        + "\"ts\":\"2026-11-20T09:30:00+08:00\",\"symbol\":\"600000.SH\"}")
                .security();
        assertThat(plainSecurity.board()).isNull();
        assertThat(plainSecurity.st()).isFalse();

        assertThat(parse("{\"type\":\"client\",\"eventId\":\"c\",\"ts\":\"2026-11-20T09:30:00+08:00\","
                                + "\"clientId\":\"C1\",\"groupId\":\"G7\"}")
                        .client()
                        .groupId())
                .isEqualTo("G7");
        assertThat(parse("{\"type\":\"trade\",\"eventId\":\"t\",\"ts\":\"2026-11-20T09:30:00+08:00\","
                                + "\"clientId\":\"C1\",\"orderId\":\"O1\",\"symbol\":\"600519.SH\","
                                + "\"side\":\"BUY\",\"price\":3,\"quantity\":1,\"matchId\":\"M9\"}")
                        .trade()
                        .matchId())
                .isEqualTo("M9");
    }

    private Event parse(String raw) {
        SourceRecord r = parser.parse(raw, "t:1");
        assertThat(r.deadLetter()).as(raw).isNull();
        return r.event();
    }
}
