package io.riskwatch.cli.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The planted cases of the exchanges' abnormal-trading rules (contract section 7) on the first day: for each of
 * SPOOFING, RAMPING, LIMIT_HOLDING and SELF_TRADE a linked-account group that fires and one that misses by the
 * smallest step, each in a symbol of its own quoted only here (so the boundaries are exact and nothing else moves).
 * Their clients ({@code C91xxx} .. {@code C94xxx}) hold 100,000,000 in cash, so no concentration or fund rule has a
 * say; every id is the case's own ({@code x-...}), so the generator's numbering, and with it every other record,
 * stays as it was.
 *
 * <ul>
 *   <li>SPOOFING, {@code 688101.SH}: group {@code G-SPOOF} (C91001, C91002) places 3 BUY orders of 600,000 (12 M, 30
 *       % of the 2,000,000 resting at the bid), each cancelled untouched after the other member sold on the other
 *       side: fires at the third cancel. {@code G-SPOOF-NEAR} (C91003) does the same, but its third order is 300,001
 *       filled before the cancel (open 49.99 %): 2 episodes.
 *   <li>RAMPING, {@code 688102.SH}: 30.00 -> 30.60 (2.00 %) in 3 minutes on 1,000,000 shares of market volume,
 *       {@code G-RAMP} (C92001, C92002) buys 300,000 of them (30 %): fires. {@code 688103.SH}: 30.00 -> 30.59 (1.97
 *       %), {@code G-RAMP-NEAR} (C92003, C92004) the same trades: no.
 *   <li>LIMIT_HOLDING, {@code 300101.SZ} (ChiNext, limit-up 12.00 = 20 % over 10.00): at the limit with 3,000,000
 *       resting at the bid, {@code G-LIMIT} (C93001, C93002) holds 600,000 + 400,000 at 12.00: fires. {@code
 *       300102.SZ}: 3,333,334 resting, {@code G-LIMIT-NEAR} (C93003) the same 1,000,000: 29.99 %, no.
 *   <li>SELF_TRADE, {@code 688104.SH}: C94001 buys 100,000 from C94002 of its group {@code G-SELF} in one execution
 *       (matchId {@code x-self-1}) with 1,000,000 traded that day (10 %): fires. {@code 688105.SH}: {@code
 *       G-SELF-NEAR} (C94003, C94004) 99,999 shares: no.
 * </ul>
 */
final class ExchangeCases {
    /** One planted line: its file, ts and JSON. */
    record Planted(StreamGenerator.Topic topic, long ts, String json) {}

    public static final String SPOOF = "688101.SH";
    public static final String RAMP = "688102.SH";
    public static final String RAMP_NEAR = "688103.SH";
    public static final String LIMIT = "300101.SZ";
    public static final String LIMIT_NEAR = "300102.SZ";
    public static final String SELF = "688104.SH";
    public static final String SELF_NEAR = "688105.SH";

    private final LongFunction<String> iso;
    private final List<Planted> out = new ArrayList<>();
    private int n;

    private ExchangeCases(LongFunction<String> iso) {
        this.iso = iso;
    }

    /**
     * The planted lines of a day whose 08:50 (after the morning snapshot) is {@code morning} and 13:30 is {@code
     * afternoon}, ts formatted by {@code iso}.
     */
    static List<Planted> of(long morning, long afternoon, LongFunction<String> iso) {
        ExchangeCases c = new ExchangeCases(iso);
        c.reference(morning);
        c.spoofing(afternoon);
        c.ramping(afternoon + 40 * 60_000L);
        c.limitHolding(afternoon + 50 * 60_000L);
        c.selfTrade(afternoon + 60 * 60_000L);
        return c.out;
    }

    private void reference(long t) {
        String[][] securities = {
            {SPOOF, "STAR"},
            {RAMP, "STAR"},
            {RAMP_NEAR, "STAR"},
            {LIMIT, "CHINEXT"},
            {LIMIT_NEAR, "CHINEXT"},
            {SELF, "STAR"},
            {SELF_NEAR, "STAR"}
        };
        for (String[] s : securities) {
            line(
                    StreamGenerator.Topic.REFERENCE,
                    t,
                    "security",
                    "\"symbol\":\"" + s[0] + "\",\"riskLevel\":\"LOW\",\"name\":\"异常交易示例\",\"board\":\"" + s[1]
                            + "\",\"st\":false");
        }
        String[][] members = {
            {"C91001", "G-SPOOF"},
            {"C91002", "G-SPOOF"},
            {"C91003", "G-SPOOF-NEAR"},
            {"C92001", "G-RAMP"},
            {"C92002", "G-RAMP"},
            {"C92003", "G-RAMP-NEAR"},
            {"C92004", "G-RAMP-NEAR"},
            {"C93001", "G-LIMIT"},
            {"C93002", "G-LIMIT"},
            {"C93003", "G-LIMIT-NEAR"},
            {"C94001", "G-SELF"},
            {"C94002", "G-SELF"},
            {"C94003", "G-SELF-NEAR"},
            {"C94004", "G-SELF-NEAR"}
        };
        for (String[] m : members) {
            line(
                    StreamGenerator.Topic.REFERENCE,
                    t,
                    "client",
                    "\"clientId\":\"" + m[0]
                            + "\",\"tier\":\"INSTITUTION\",\"riskProfile\":\"AGGRESSIVE\",\"brokerId\":\"B900\""
                            + ",\"groupId\":\""
                            + m[1] + "\"");
            line(
                    StreamGenerator.Topic.REFERENCE,
                    t + 1000,
                    "cash",
                    "\"clientId\":\"" + m[0] + "\",\"balance\":100000000.00");
        }
    }

    private void spoofing(long t) {
        quote(t, SPOOF, "20.00", "20.00", 1_000_000, "19.99", 2_000_000, "20.01", 2_000_000, "24.00", "16.00");
        String[] fire = {"C91001", "C91002", "C91001"};
        for (int i = 0; i < 3; i++) {
            long at = t + (i + 1) * 60_000L;
            String other = fire[i].equals("C91001") ? "C91002" : "C91001";
            episode(at, fire[i], other, 0);
            episode(at + 20 * 60_000L, "C91003", "C91003", i == 2 ? 300_001 : 0);
        }
    }

    /** A BUY of 600,000 at the bid, a SELL of 100 by {@code other} 10 s later, the cancel 10 s after that. */
    private void episode(long at, String client, String other, long filled) {
        String orderId = "x-" + (++n);
        line(StreamGenerator.Topic.ORDERS, at, "order", order(client, orderId, SPOOF, "BUY", "19.99", 600_000));
        if (filled > 0) {
            line(
                    StreamGenerator.Topic.ORDERS,
                    at + 5_000,
                    "trade",
                    order(client, orderId, SPOOF, "BUY", "19.99", filled) + ",\"fee\":5.00,\"matchId\":\"x-m-" + n
                            + "\"");
        }
        line(
                StreamGenerator.Topic.ORDERS,
                at + 10_000,
                "trade",
                order(other, "x-" + (++n), SPOOF, "SELL", "20.00", 100) + ",\"fee\":5.00,\"matchId\":\"x-m-" + n
                        + "\"");
        line(
                StreamGenerator.Topic.ORDERS,
                at + 20_000,
                "cancel",
                "\"clientId\":\"" + client + "\",\"orderId\":\"" + orderId + "\"");
    }

    private void ramping(long t) {
        for (String[] c :
                new String[][] {{RAMP, "30.60", "C92001", "C92002"}, {RAMP_NEAR, "30.59", "C92003", "C92004"}}) {
            quote(t, c[0], "30.00", "30.00", 5_000_000, "29.99", 10_000, "30.01", 10_000, "36.00", "24.00");
            trade(t + 60_000, c[2], c[0], "BUY", "30.30", 150_000, null);
            quote(t + 150_000, c[0], c[1], "30.00", 6_000_000, "30.50", 10_000, c[1], 10_000, "36.00", "24.00");
            trade(t + 180_000, c[3], c[0], "BUY", c[1], 150_000, null);
        }
    }

    private void limitHolding(long t) {
        for (String[] c :
                new String[][] {{LIMIT, "3000000", "C93001", "C93002"}, {LIMIT_NEAR, "3333334", "C93003", "C93003"}}) {
            quote(t, c[0], "12.00", "10.00", 8_000_000, "12.00", Long.parseLong(c[1]), null, 0, "12.00", "8.00");
            line(
                    StreamGenerator.Topic.ORDERS,
                    t + 60_000,
                    "order",
                    order(c[2], "x-" + (++n), c[0], "BUY", "12.00", 600_000));
            line(
                    StreamGenerator.Topic.ORDERS,
                    t + 120_000,
                    "order",
                    order(c[3], "x-" + (++n), c[0], "BUY", "12.00", 400_000));
        }
    }

    private void selfTrade(long t) {
        for (String[] c :
                new String[][] {{SELF, "100000", "C94001", "C94002"}, {SELF_NEAR, "99999", "C94003", "C94004"}}) {
            quote(t, c[0], "50.00", "50.00", 1_000_000, "49.99", 10_000, "50.01", 10_000, "60.00", "40.00");
            String match = "x-self-" + (++n);
            trade(t + 60_000, c[2], c[0], "BUY", "50.00", Long.parseLong(c[1]), match);
            trade(t + 60_000, c[3], c[0], "SELL", "50.00", Long.parseLong(c[1]), match);
        }
    }

    private void trade(long at, String client, String symbol, String side, String price, long qty, String matchId) {
        line(
                StreamGenerator.Topic.ORDERS,
                at,
                "trade",
                order(client, "x-" + (++n), symbol, side, price, qty) + ",\"fee\":5.00,\"matchId\":\""
                        + (matchId == null ? "x-m-" + n : matchId) + "\"");
    }

    private static String order(String client, String orderId, String symbol, String side, String price, long qty) {
        return "\"clientId\":\"" + client + "\",\"orderId\":\"" + orderId + "\",\"symbol\":\"" + symbol
                + "\",\"side\":\"" + side + "\",\"price\":" + price + ",\"quantity\":" + qty;
    }

    private void quote(
            long at,
            String symbol,
            String price,
            String prevClose,
            long volume,
            String bid,
            long bidVolume,
            String ask,
            long askVolume,
            String limitUp,
            String limitDown) {
        line(
                StreamGenerator.Topic.QUOTES,
                at,
                "quote",
                "\"symbol\":\"" + symbol + "\",\"price\":" + price
                        + ",\"prevClose\":" + prevClose + ",\"volume\":" + volume + ",\"bidPrice\":" + bid
                        + ",\"bidVolume\":"
                        + bidVolume + (ask == null ? "" : ",\"askPrice\":" + ask) + ",\"askVolume\":" + askVolume
                        + ",\"limitUp\":" + limitUp + ",\"limitDown\":" + limitDown);
    }

    private void line(StreamGenerator.Topic topic, long ts, String type, String fields) {
        out.add(new Planted(
                topic,
                ts,
                "{\"type\":\"" + type + "\",\"eventId\":\"x-" + type.charAt(0) + "-" + (++n) + "\",\"ts\":\""
                        + iso.apply(ts) + "\"," + fields + "}"));
    }
}
