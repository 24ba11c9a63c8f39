package io.riskwatch.cli.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes a realistic multi-day stream in the contract's format, deterministic per seed: reference data, cash
 * and position snapshots, quotes as a random walk over the trading session, orders with fills and cancels,
 * bank transfers; plus planted risky behaviour and a few bad lines. One file per Kafka topic of the contract
 * ({@code reference}, {@code funds}, {@code orders}, {@code quotes}), each in ts order.
 *
 * <p>Clients with random activity come in linked-account groups of three every fifty ({@link #groupOf}); their
 * trades carry the exchange's execution number ({@code matchId}), the other side being outside the broker.
 *
 * <p>Planted cases (per day, on clients that get no random activity): on the first client of each tier a
 * LARGE_TRANSFER just below, at and just above the tier's threshold; a client upgraded to HNW between two large
 * transfers; a tier change at the very instant of a transfer, and another 1 s before one (so shuffling within the
 * bound would change the answer if ordering were wrong).
 */
public final class StreamGenerator {
    /** The files written, one per topic. */
    public enum Topic {
        REFERENCE,
        FUNDS,
        ORDERS,
        QUOTES
    }

    /** What to generate. */
    public record Spec(
            int clients, int days, int symbols, long seed, int badLines, LocalDate firstDay, long quoteIntervalMillis) {
        /** One quote per symbol and minute, as the checked-in sample day. */
        public static final long DEFAULT_QUOTE_INTERVAL_MILLIS = 60_000L;

        public Spec {
            if (clients < 1 || days < 1 || symbols < 1 || badLines < 0) {
                throw new IllegalArgumentException("clients, days and symbols must be >= 1 and bad lines >= 0");
            }
            if (quoteIntervalMillis < 100 || quoteIntervalMillis > 3_600_000L) {
                throw new IllegalArgumentException(
                        "the quote interval must be between 100 ms and 1 h, got " + quoteIntervalMillis + " ms");
            }
        }

        public Spec(int clients, int days, int symbols, long seed, int badLines, LocalDate firstDay) {
            this(clients, days, symbols, seed, badLines, firstDay, DEFAULT_QUOTE_INTERVAL_MILLIS);
        }
    }

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final String[] TIERS = {"STANDARD", "HNW", "INSTITUTION"};
    private static final String[] PROFILES = {"CONSERVATIVE", "BALANCED", "AGGRESSIVE"};
    private static final String[] LEVELS = {"LOW", "MEDIUM", "HIGH"};
    private static final BigDecimal[] LARGE = {
        new BigDecimal("500000"), new BigDecimal("2000000"), new BigDecimal("5000000")
    };

    /** Clients 0..23 carry the planted cases and get no random activity, so their alerts are known. */
    public static final int RESERVED = 24;

    private record Line(long ts, String json) {}

    private final Spec spec;
    private final SplittableRandom random;
    private final Map<Topic, List<Line>> out = new EnumMap<>(Topic.class);
    private final String[] symbols;
    private final double[] prices;
    private long[] tickTimes;
    /** the current day's 09:30, 11:30 and 09:00 */
    private long open;

    private long lunch;
    private long banksOpen;
    private double[][] path;
    private long ids;

    private StreamGenerator(Spec spec) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
        for (Topic t : Topic.values()) {
            out.put(t, new ArrayList<>());
        }
        symbols = new String[spec.symbols()];
        prices = new double[spec.symbols()];
        for (int i = 0; i < symbols.length; i++) {
            boolean sh = i % 2 == 0;
            symbols[i] = String.format("%06d.%s", sh ? 600000 + i : 1 + i, sh ? "SH" : "SZ");
            prices[i] = 5 + random.nextDouble() * 95;
        }
    }

    /** Generates and writes the files into {@code dir}; returns how many lines each got. */
    public static Map<Topic, Integer> write(Spec spec, Path dir) throws IOException {
        return write(spec, dir, day -> {});
    }

    /**
     * Generates and writes the files into {@code dir} one day at a time (memory holds one day), telling
     * {@code progress} after each day how many lines are written; returns how many lines each file got.
     */
    public static Map<Topic, Integer> write(Spec spec, Path dir, Consumer<Map<Topic, Integer>> progress)
            throws IOException {
        StreamGenerator g = new StreamGenerator(spec);
        Files.createDirectories(dir);
        Map<Topic, BufferedWriter> writers = new EnumMap<>(Topic.class);
        Map<Topic, Integer> counts = new EnumMap<>(Topic.class);
        try {
            for (Topic t : Topic.values()) {
                writers.put(
                        t,
                        new BufferedWriter(
                                new OutputStreamWriter(
                                        Files.newOutputStream(
                                                dir.resolve(t.name().toLowerCase() + ".jsonl")),
                                        StandardCharsets.UTF_8),
                                1 << 16));
                counts.put(t, 0);
            }
            g.reference();
            g.flush(writers, counts); // the morning snapshot, before anything of the first day
            for (int d = 0; d < spec.days(); d++) {
                g.day(d);
                if (d == 0) {
                    g.badLines();
                }
                g.flush(writers, counts); // every line of a day has its ts within that day
                progress.accept(counts);
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        return counts;
    }

    private void flush(Map<Topic, BufferedWriter> writers, Map<Topic, Integer> counts) throws IOException {
        for (Topic t : Topic.values()) {
            List<Line> lines = out.get(t);
            lines.sort(Comparator.comparingLong(Line::ts)); // stable: keeps generation order within one ts
            BufferedWriter w = writers.get(t);
            for (Line l : lines) {
                w.write(l.json());
                w.write('\n');
            }
            counts.merge(t, lines.size(), Integer::sum);
            out.put(t, new ArrayList<>());
        }
    }

    private void reference() {
        long firstMorning = at(spec.firstDay(), LocalTime.of(8, 30));
        emit(
                Topic.REFERENCE,
                firstMorning,
                "security",
                "\"symbol\":\"" + BOND + "\",\"riskLevel\":\"MEDIUM\"," + "\"name\":\"可转债\",\"board\":\"BOND\"");
        for (int s = 0; s < symbols.length; s++) {
            emit(
                    Topic.REFERENCE,
                    firstMorning,
                    "security",
                    "\"symbol\":\"" + symbols[s] + "\",\"riskLevel\":\"" + LEVELS[s % 3] + "\",\"name\":\""
                            + (st(s) ? "ST" : "") + "股票" + s + "\",\"board\":\"MAIN\",\"st\":" + st(s));
        }
        for (int c = 0; c < spec.clients(); c++) {
            String client = clientId(c);
            String tier = tierOf(c);
            String dormantSince = c == 11
                    ? ",\"lastActivityAt\":\"" + ts(plantedAt(spec.firstDay()) - 200 * DAY_MS) + "\""
                    : c == 12
                            ? ",\"lastActivityAt\":\"" + ts(plantedAt(spec.firstDay()) - 180 * DAY_MS + 1) + "\""
                            : "";
            String profile = c == 17 ? "CONSERVATIVE" : c == 18 ? "BALANCED" : PROFILES[c % 3];
            String group = groupOf(c);
            emit(
                    Topic.REFERENCE,
                    firstMorning,
                    "client",
                    "\"clientId\":\"" + client + "\",\"tier\":\"" + tier
                            + "\",\"riskProfile\":\"" + profile + "\",\"brokerId\":\"B" + String.format("%03d", c % 17)
                            + "\"" + dormantSince + (group == null ? "" : ",\"groupId\":\"" + group + "\""));
            String balance =
                    c == 15 ? "190000.00" : c == 16 ? "210000.01" : money(50_000 + random.nextDouble() * 500_000);
            emit(
                    Topic.REFERENCE,
                    firstMorning + 1000,
                    "cash",
                    "\"clientId\":\"" + client + "\",\"balance\":" + balance);
            int held = c < RESERVED ? 0 : random.nextInt(3);
            for (int h = 0; h < held; h++) {
                int s = random.nextInt(symbols.length);
                emit(
                        Topic.REFERENCE,
                        firstMorning + 2000 + h,
                        "position",
                        "\"clientId\":\"" + client
                                + "\",\"symbol\":\"" + symbols[s] + "\",\"quantity\":"
                                + (100 * (1 + random.nextInt(50)))
                                + ",\"avgCost\":" + price(prices[s] * (0.8 + random.nextDouble() * 0.4)));
            }
        }
    }

    private void day(int d) {
        LocalDate day = spec.firstDay().plusDays(d);
        open = at(day, LocalTime.of(9, 30));
        lunch = at(day, LocalTime.of(11, 30));
        banksOpen = at(day, LocalTime.of(9, 0));
        quotes(day);
        for (int c = RESERVED; c < spec.clients(); c++) {
            trading(c);
            transfers(c);
        }
        planted(day, d);
    }

    private void quotes(LocalDate day) {
        List<Long> ticks = session(day, spec.quoteIntervalMillis());
        tickTimes = ticks.stream().mapToLong(Long::longValue).toArray();
        path = new double[ticks.size()][symbols.length];
        // the step shrinks with the interval (random walk: volatility grows with the square root of the steps),
        // so a day has about the same volatility at 5 s as at 60 s; 1.0 exactly at 60 s, as before
        double step = 0.004 * Math.sqrt(spec.quoteIntervalMillis() / 60_000.0);
        // Level-1 fields, drawn from no random numbers (so every other record stays as it was): the previous
        // close is where the walk stood before the day, the limits follow from it
        double[] prevClose = new double[symbols.length];
        long[] volume = new long[symbols.length];
        for (int s = 0; s < symbols.length; s++) {
            prevClose[s] = Double.parseDouble(price(prices[s]));
        }
        for (int i = 0; i < ticks.size(); i++) {
            long t = ticks.get(i);
            for (int s = 0; s < symbols.length; s++) {
                // about 1.8 % daily volatility (240 one-minute steps), near an A-share blue chip
                prices[s] = Math.max(0.5, prices[s] * (1 + (random.nextDouble() - 0.5) * step));
                // rounded as published, so orders priced off it stay within their intended distance
                path[i][s] = Double.parseDouble(price(prices[s]));
                volume[s] += 100L * (1 + Math.floorMod(i * 7919 + s * 104_729, 300));
                emit(
                        Topic.QUOTES,
                        t + s,
                        "quote",
                        "\"symbol\":\"" + symbols[s] + "\",\"price\":" + price(prices[s])
                                + level1(s, i, path[i][s], prevClose[s], volume[s]));
            }
        }
    }

    /** Every tenth generated symbol is under risk warning (ST): its daily limit is 5 %. */
    static boolean st(int symbol) {
        return symbol % 10 == 9;
    }

    /**
     * A quote's Level-1 fields: previous close, the day's volume so far, best bid and ask a cent either side with
     * the volume resting at each, and the limits (10 % of the previous close on the main board, 5 % under ST),
     * rounded half up to the cent as the exchanges publish them.
     */
    private static String level1(int s, int tick, double price, double prevClose, long volume) {
        BigDecimal close = BigDecimal.valueOf(prevClose);
        BigDecimal limit = new BigDecimal(st(s) ? "0.05" : "0.10");
        BigDecimal up = close.multiply(BigDecimal.ONE.add(limit)).setScale(2, RoundingMode.HALF_UP);
        BigDecimal down = close.multiply(BigDecimal.ONE.subtract(limit)).setScale(2, RoundingMode.HALF_UP);
        long bidVolume = 100L * (1 + Math.floorMod(tick * 31 + s * 17, 200));
        long askVolume = 100L * (1 + Math.floorMod(tick * 37 + s * 13, 200));
        return ",\"prevClose\":" + price(prevClose) + ",\"volume\":" + volume + ",\"bidPrice\":"
                + price(Math.max(0.01, price - 0.01)) + ",\"bidVolume\":" + bidVolume + ",\"askPrice\":"
                + price(price + 0.01) + ",\"askVolume\":" + askVolume + ",\"limitUp\":" + up.toPlainString()
                + ",\"limitDown\":" + down.toPlainString();
    }

    /** The quote of a symbol in force at {@code t} (the day's first one before the open). */
    private double quoteAt(int symbol, long t) {
        // the last tick i with tickTimes[i] + symbol <= t, else the first
        int lo = 0;
        int hi = tickTimes.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tickTimes[mid] + symbol <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return path[lo][symbol];
    }

    private void trading(int c) {
        String client = clientId(c);
        int orders = random.nextInt(5);
        for (int o = 0; o < orders; o++) {
            long t = open + (long) (random.nextDouble() * 4 * 3600_000L);
            if (t >= lunch) {
                t += 90 * 60_000L; // lunch break
            }
            String side = random.nextBoolean() ? "BUY" : "SELL";
            int s = random.nextInt(symbols.length);
            // most clients buy within their risk profile (LEVELS[s % 3] <= PROFILES[c % 3]); a few do not
            if (side.equals("BUY") && s % 3 > c % 3 && random.nextDouble() < 0.97) {
                s = (s / 3) * 3 + c % 3;
                s = Math.min(s, symbols.length - 1);
            }
            String orderId = "O" + (++ids);
            String px = price(quoteAt(s, t) * (1 + (random.nextDouble() - 0.5) * 0.02));
            long qty = 100L * (1 + random.nextInt(20));
            String base = "\"clientId\":\"" + client + "\",\"orderId\":\"" + orderId + "\"";
            emit(
                    Topic.ORDERS,
                    t,
                    "order",
                    base + ",\"symbol\":\"" + symbols[s] + "\",\"side\":\"" + side + "\",\"price\":" + px
                            + ",\"quantity\":" + qty);
            double r = random.nextDouble();
            if (r < 0.7) {
                emit(
                        Topic.ORDERS,
                        t + 200 + random.nextInt(5000),
                        "trade",
                        base + ",\"symbol\":\"" + symbols[s] + "\",\"side\":\"" + side + "\",\"price\":" + px
                                + ",\"quantity\":" + qty + ",\"fee\":5.00,\"matchId\":\"E" + orderId.substring(1)
                                + "\"");
            } else if (r < 0.9) {
                emit(Topic.ORDERS, t + 1000 + random.nextInt(60_000), "cancel", base);
            }
        }
    }

    private void transfers(int c) {
        if (random.nextDouble() >= 0.3) {
            return;
        }
        long t = banksOpen + (long) (random.nextDouble() * 7 * 3600_000L);
        double amount = Math.exp(9 + random.nextDouble() * 3.5); // about 8k to 270k CNY
        transfer(t, clientId(c), random.nextDouble() < 0.6 ? "IN" : "OUT", money(amount));
    }

    private static final long DAY_MS = 86_400_000L;
    /** A convertible bond quoted only by the planted cases, at 100.00 (face value), so boundaries are exact. */
    public static final String BOND = "113050.SH";

    private static final long HOUR_MS = 3_600_000L;

    private static long plantedAt(LocalDate day) {
        return at(day, LocalTime.of(10, 15));
    }

    /** The client whose orders reach ORDER_RATE's 300 a second, and the one that stays one short. */
    public static final String ORDER_RATE_FIRE = "C90001";

    public static final String ORDER_RATE_NEAR_MISS = "C90002";

    /**
     * ORDER_RATE (申报速率异常): 300 orders of {@link #ORDER_RATE_FIRE} within 299 ms, and 299 of {@link
     * #ORDER_RATE_NEAR_MISS} within one second, all at the quote's price in a low-risk symbol (so no other rule
     * has a say). Their ids are their own ({@code r-<client>-<i>}), so the generator's numbering, and with it
     * every other record, stays as it was.
     */
    private void orderRate(long t) {
        int symbol = 0; // a LOW risk level, main board
        String px = price(quoteAt(symbol, t));
        for (int i = 0; i < 300; i++) {
            order(ORDER_RATE_FIRE, t + i, i, symbol, px);
        }
        for (int i = 0; i < 299; i++) {
            order(ORDER_RATE_NEAR_MISS, t + 60_000 + i * 3L, i, symbol, px);
        }
    }

    private void order(String client, long ts, int i, int symbol, String price) {
        String id = "r-" + client + "-" + i;
        out.get(Topic.ORDERS)
                .add(new Line(
                        ts,
                        "{\"type\":\"order\",\"eventId\":\"" + id + "\",\"ts\":\"" + ts(ts)
                                + "\",\"clientId\":\"" + client + "\",\"orderId\":\"" + id + "\",\"symbol\":\""
                                + symbols[symbol] + "\",\"side\":\"BUY\",\"price\":" + price + ",\"quantity\":100}"));
    }

    /** A symbol only the planted turning point quotes. */
    public static final String TURNING = "688981.SH";

    /**
     * HOLDING_TURNING_POINT on the first day: {@link #TURNING} falls from 50.00 to 47.50 (exactly 5 % below the
     * high: DOWN) and climbs back to 49.88 (5.01 % above the low: UP). C00000 holds 20,000 shares (far above 30 %
     * of its assets: warned twice), C00001 1,000 (a few % of an HNW client's: never). Position snapshots are
     * not trades, so these clients' fund-flow cases stay as they are.
     */
    private void turningPoint(LocalDate day) {
        if (spec.clients() < 2) {
            return;
        }
        emit(
                Topic.REFERENCE,
                at(day, LocalTime.of(8, 45)),
                "security",
                "\"symbol\":\"" + TURNING + "\",\"riskLevel\":\"HIGH\",\"name\":\"转折点示例\",\"board\":\"STAR\"");
        emit(
                Topic.REFERENCE,
                at(day, LocalTime.of(9, 0)),
                "position",
                "\"clientId\":\"" + clientId(0) + "\",\"symbol\":\"" + TURNING
                        + "\",\"quantity\":20000,\"avgCost\":50.00");
        emit(
                Topic.REFERENCE,
                at(day, LocalTime.of(9, 0)),
                "position",
                "\"clientId\":\"" + clientId(1) + "\",\"symbol\":\"" + TURNING
                        + "\",\"quantity\":1000,\"avgCost\":50.00");
        String[][] path = {
            {"10:00", "50.00"},
            {"10:30", "49.00"},
            {"11:00", "47.51"},
            {"11:10", "47.50"},
            {"13:30", "49.87"},
            {"13:40", "49.88"},
            {"14:00", "48.00"}
        };
        for (String[] q : path) {
            emit(
                    Topic.QUOTES,
                    at(day, LocalTime.parse(q[0])) + 5,
                    "quote",
                    "\"symbol\":\"" + TURNING + "\",\"price\":" + q[1]);
        }
    }

    /** Risky behaviour and near misses on the reserved clients (see the class comment). */
    private void planted(LocalDate day, int d) {
        long t = plantedAt(day);
        if (d == 0) {
            turningPoint(day);
        }
        fundFlows(t, d == 0);
        trading(t, d == 0);
        for (int tier = 0; tier < TIERS.length && tier < spec.clients(); tier++) {
            String client = clientId(tier);
            BigDecimal threshold = LARGE[tier];
            transfer(
                    t + 1000,
                    client,
                    "OUT",
                    threshold.subtract(new BigDecimal("0.01")).toPlainString());
            transfer(t + 2000, client, "IN", threshold.toPlainString());
            transfer(
                    t + 3000,
                    client,
                    "IN",
                    threshold.add(new BigDecimal("0.01")).toPlainString());
        }
        int upgraded = 3;
        if (spec.clients() > upgraded) {
            String client = clientId(upgraded);
            // a STANDARD client moving 1,000,000 before and after an upgrade to HNW: only the first is large
            transfer(t + 60_000, client, "IN", "1000000.00");
            emit(
                    Topic.REFERENCE,
                    t + 120_000,
                    "client",
                    "\"clientId\":\"" + client + "\",\"tier\":\"" + (d % 2 == 0 ? "HNW" : "STANDARD")
                            + "\",\"riskProfile\":\"AGGRESSIVE\",\"brokerId\":\"B003\"");
            transfer(t + 180_000, client, "OUT", "1000000.00");
        }
        int sameInstant = 4;
        if (spec.clients() > sameInstant) {
            // a tier change at the very instant of a transfer applies first (client ranks before transfer),
            // though its eventId sorts after the transfer's
            String client = clientId(sameInstant);
            long at = t + 300_000;
            out.get(Topic.REFERENCE)
                    .add(new Line(
                            at,
                            "{\"type\":\"client\",\"eventId\":\"zz-" + (++ids) + "\",\"ts\":\"" + ts(at)
                                    + "\",\"clientId\":\"" + client + "\",\"tier\":\"HNW\"}"));
            transfer(at, client, "IN", "1500000.00");
            out.get(Topic.REFERENCE)
                    .add(new Line(
                            at + 1500,
                            "{\"type\":\"client\",\"eventId\":\"zz-" + (++ids) + "\",\"ts\":\"" + ts(at + 1500)
                                    + "\",\"clientId\":\"" + client + "\"}"));
            transfer(at + 2500, client, "OUT", "600000.00");
        }
        if (d == 0) {
            orderRate(at(day, LocalTime.of(14, 0)));
            for (ExchangeCases.Planted p :
                    ExchangeCases.of(at(day, LocalTime.of(8, 50)), at(day, LocalTime.of(13, 30)), this::ts)) {
                out.get(p.topic()).add(new Line(p.ts(), p.json()));
            }
        }
    }

    /**
     * C00005 CUMULATIVE_TRANSFER (exactly 1,000,000 in a day), C00006 its near miss (999,999.99);
     * C00007 STRUCTURING (3 x 4,500,000 OUT within 2 h, INSTITUTION), C00008 its near miss (third at 0.8T - 0.01);
     * C00009 RAPID_IN_OUT (IN 200,000, traded 39,999, OUT 160,000 after 3 h), C00010 its near miss (traded 40,000);
     * C00011 DORMANT_REACTIVATION (lastActivityAt 200 days back), C00012 its near miss (180 days - 1 ms).
     * Near misses are planted on the first day only, so they cannot pair with the next day's copies.
     */
    private void fundFlows(long t, boolean firstDay) {
        if (spec.clients() < RESERVED) {
            return;
        }
        transfer(t + 10_000, clientId(5), "IN", "350000.00");
        transfer(t + 20_000, clientId(5), "IN", "350000.00");
        transfer(t + 30_000, clientId(5), "IN", "300000.00");
        for (int i = 0; i < 3; i++) {
            transfer(t + i * HOUR_MS, clientId(7), "OUT", "4500000.00");
        }
        String sym = symbols[0];
        transfer(t, clientId(9), "IN", "200000.00");
        emit(
                Topic.ORDERS,
                t + HOUR_MS,
                "trade",
                "\"clientId\":\"" + clientId(9) + "\",\"orderId\":\"P" + (++ids) + "\",\"symbol\":\"" + sym
                        + "\",\"side\":\"BUY\",\"price\":39.999,\"quantity\":1000");
        transfer(t + 3 * HOUR_MS, clientId(9), "OUT", "160000.00");
        transfer(t, clientId(10), "IN", "200000.00");
        emit(
                Topic.ORDERS,
                t + HOUR_MS,
                "trade",
                "\"clientId\":\"" + clientId(10) + "\",\"orderId\":\"P" + (++ids) + "\",\"symbol\":\"" + sym
                        + "\",\"side\":\"BUY\",\"price\":40.000,\"quantity\":1000");
        transfer(t + 3 * HOUR_MS, clientId(10), "OUT", "160000.00");
        if (firstDay) {
            transfer(t + 10_000, clientId(6), "IN", "350000.00");
            transfer(t + 20_000, clientId(6), "IN", "350000.00");
            transfer(t + 30_000, clientId(6), "IN", "299999.99");
            transfer(t, clientId(8), "OUT", "4500000.00");
            transfer(t + HOUR_MS, clientId(8), "OUT", "4500000.00");
            transfer(t + 2 * HOUR_MS, clientId(8), "OUT", "3999999.99");
            transfer(t, clientId(11), "IN", "60000.00");
            transfer(t, clientId(12), "IN", "60000.00");
        }
    }

    /**
     * C00013 PRICE_DEVIATION (SELLs the bond at 1 yuan against a quote of 100: HIGH), C00014 its near miss
     * (SELL at 95.01: 4.99 %); C00015 CONCENTRATION (BUY 1,000 bonds at 100 with 190,000 cash: 52.6 %),
     * C00016 its near miss (210,000.01 cash: just under 50 %); C00017 SUITABILITY_MISMATCH (CONSERVATIVE buys the
     * MEDIUM-risk bond), C00018 its near miss (BALANCED buys it); C00019 FREQUENT_CANCELS (20 orders, 20
     * cancels within 200 s), C00020 its near miss (19 cancels); C00021 EXCESSIVE_CHURNING (4 reversals 5 min
     * apart), C00022 its near miss (the 4th reversal 30 min + 1 ms after the previous trade).
     */
    private void trading(long t, boolean firstDay) {
        if (spec.clients() < RESERVED) {
            return;
        }
        emit(Topic.QUOTES, t - 1000, "quote", "\"symbol\":\"" + BOND + "\",\"price\":100.00,\"prevClose\":100.00");
        order(t + 5_000, 13, "SELL", "1.00", 1000);
        order(t + 5_000, 17, "BUY", "100.00", 10);
        order(t + 5_000, 18, "BUY", "100.00", 10);
        emit(
                Topic.ORDERS,
                t + 6_000,
                "trade",
                "\"clientId\":\"" + clientId(15) + "\",\"orderId\":\"P" + (++ids)
                        + "\",\"symbol\":\"" + BOND + "\",\"side\":\"BUY\",\"price\":100.00,\"quantity\":"
                        + (firstDay ? 1000 : 1));
        // C00019: 20 orders and 20 cancels within 200 s (a cancel storm); C00020: the same with 19 cancels
        for (int i = 0; i < 20; i++) {
            for (int c : new int[] {19, 20}) {
                String orderId = "P" + (++ids);
                long at = t + 60_000 + i * 10_000L;
                emit(
                        Topic.ORDERS,
                        at,
                        "order",
                        "\"clientId\":\"" + clientId(c) + "\",\"orderId\":\"" + orderId + "\",\"symbol\":\"" + BOND
                                + "\",\"side\":\"BUY\",\"price\":99.50,\"quantity\":10");
                if (c == 19 || i < 19) {
                    emit(
                            Topic.ORDERS,
                            at + 2_000,
                            "cancel",
                            "\"clientId\":\"" + clientId(c) + "\",\"orderId\":\"" + orderId + "\"");
                }
            }
        }
        // C00021: BUY/SELL the bond every 5 minutes, 5 trades = 4 reversals; C00022: the 5th trade comes
        // 30 min + 1 ms after the 4th, so only 3 reversals
        for (int i = 0; i < 5; i++) {
            for (int c : new int[] {21, 22}) {
                long at = t + 2 * HOUR_MS + i * 300_000L + (c == 22 && i == 4 ? 1_500_001L : 0);
                emit(
                        Topic.ORDERS,
                        at,
                        "trade",
                        "\"clientId\":\"" + clientId(c) + "\",\"orderId\":\"P" + (++ids)
                                + "\",\"symbol\":\"" + BOND + "\",\"side\":\"" + (i % 2 == 0 ? "BUY" : "SELL")
                                + "\",\"price\":100.00,\"quantity\":10");
            }
        }
        if (firstDay) {
            order(t + 5_000, 14, "SELL", "95.01", 1000);
            emit(
                    Topic.ORDERS,
                    t + 6_000,
                    "trade",
                    "\"clientId\":\"" + clientId(16) + "\",\"orderId\":\"P" + (++ids) + "\",\"symbol\":\"" + BOND
                            + "\",\"side\":\"BUY\",\"price\":100.00,\"quantity\":1000");
        }
    }

    private void order(long t, int client, String side, String price, long quantity) {
        emit(
                Topic.ORDERS,
                t,
                "order",
                "\"clientId\":\"" + clientId(client) + "\",\"orderId\":\"P" + (++ids)
                        + "\",\"symbol\":\"" + BOND + "\",\"side\":\"" + side + "\",\"price\":" + price
                        + ",\"quantity\":" + quantity);
    }

    private void badLines() {
        if (spec.badLines() == 0) {
            return;
        }
        long t = at(spec.firstDay(), LocalTime.of(11, 0));
        String[] bad = {
            "{\"type\":\"transfer\",\"eventId\":\"bad-1\",\"ts\":\"" + ts(t)
                    + "\",\"clientId\":\"C00020\",\"direction\":\"IN\"",
            "{\"type\":\"transfer\",\"eventId\":\"bad-2\",\"ts\":\"" + ts(t)
                    + "\",\"clientId\":\"C00001\",\"amount\":1000}",
            "{\"type\":\"transfer\",\"eventId\":\"bad-3\",\"ts\":\"2026-11-20T11:00:00\",\"clientId\":\"C00001\","
                    + "\"direction\":\"IN\",\"amount\":1}",
            "{\"type\":\"order\",\"eventId\":\"bad-4\",\"ts\":\"" + ts(t)
                    + "\",\"clientId\":\"C00002\",\"orderId\":\"X\",\"symbol\":\"600000.SH\",\"side\":\"BUY\","
                    + "\"price\":10,\"quantity\":12.5}",
            "{\"type\":\"withdrawal\",\"eventId\":\"bad-5\",\"ts\":\"" + ts(t) + "\"}",
            "{\"type\":\"transfer\",\"eventId\":\"bad-6\",\"ts\":\"" + ts(t)
                    + "\",\"clientId\":\"C00001\",\"direction\":\"IN\",\"amount\":-50}",
            "{\"type\":\"client\",\"eventId\":\"bad-7\",\"ts\":\"" + ts(t)
                    + "\",\"clientId\":\"C00001\",\"tier\":\"VIP\"}",
        };
        for (int i = 0; i < spec.badLines(); i++) {
            Topic topic = i % 2 == 0 ? Topic.FUNDS : Topic.ORDERS;
            out.get(topic).add(new Line(t + i, bad[i % bad.length].replace("bad-", "bad" + i + "-")));
        }
        // a late event: written right after the planted OUT at 13:15 but ten minutes older than it
        long anchor = plantedAt(spec.firstDay()) + 3 * HOUR_MS;
        out.get(Topic.FUNDS)
                .add(new Line(
                        anchor + 1,
                        "{\"type\":\"transfer\",\"eventId\":\"late-1\",\"ts\":\"" + ts(anchor - 600_000L)
                                + "\",\"clientId\":\"C99999\",\"direction\":\"IN\",\"amount\":1000.00}"));
        // a duplicate: an exact second copy of an earlier transfer
        List<Line> funds = out.get(Topic.FUNDS);
        funds.stream()
                .filter(l -> l.json().contains("\"type\":\"transfer\""))
                .findFirst()
                .ifPresent(l -> funds.add(new Line(l.ts() + 1, l.json())));
    }

    private void transfer(long t, String client, String direction, String amount) {
        emit(
                Topic.FUNDS,
                t,
                "transfer",
                "\"clientId\":\"" + client + "\",\"direction\":\"" + direction + "\",\"amount\":" + amount
                        + ",\"channel\":\"BANK\",\"bankAccount\":\"" + bankAccount(client) + "\"");
    }

    /** A made-up 19-digit bank card number per client, fixed (no random draw, so the rest of the stream stays). */
    static String bankAccount(String client) {
        long n = Math.floorMod(client.hashCode() * 2_654_435_761L, 1_000_000_000_000L);
        return "6222020" + String.format(Locale.ROOT, "%012d", n);
    }

    private void emit(Topic topic, long ts, String type, String fields) {
        String id = type.charAt(0) + "-" + Long.toString(++ids, 36);
        out.get(topic)
                .add(new Line(
                        ts,
                        "{\"type\":\"" + type + "\",\"eventId\":\"" + id + "\",\"ts\":\"" + ts(ts) + "\"," + fields
                                + "}"));
    }

    private static List<Long> session(LocalDate day, long stepMillis) {
        List<Long> ticks = new ArrayList<>();
        for (long t = at(day, LocalTime.of(9, 30)); t < at(day, LocalTime.of(11, 30)); t += stepMillis) {
            ticks.add(t);
        }
        for (long t = at(day, LocalTime.of(13, 0)); t < at(day, LocalTime.of(15, 0)); t += stepMillis) {
            ticks.add(t);
        }
        return ticks;
    }

    private static String clientId(int c) {
        String n = Integer.toString(c);
        return n.length() >= 5 ? "C" + n : "C" + "00000".substring(n.length()) + n;
    }

    /**
     * Linked-account groups (实际控制关系账户组) among the clients with random activity: every fiftieth client and
     * the two after it form one, {@code G<first client's number>}; the others are groups of their own.
     */
    static String groupOf(int c) {
        return c >= RESERVED && c % 50 < 3 ? "G" + String.format(Locale.ROOT, "%05d", c - c % 50) : null;
    }

    private static String tierOf(int c) {
        if (c < TIERS.length) {
            return TIERS[c];
        }
        if (c < RESERVED) {
            return c == 7 || c == 8 ? "INSTITUTION" : "STANDARD";
        }
        return c % 20 == 0 ? "INSTITUTION" : c % 5 == 0 ? "HNW" : "STANDARD";
    }

    private static long at(LocalDate day, LocalTime time) {
        return ZonedDateTime.of(day, time, SHANGHAI).toInstant().toEpochMilli();
    }

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix;
    private String cachedOffset;

    /** ISO-8601 with the Shanghai offset and milliseconds; the part up to the second is formatted once per second. */
    private String ts(long millis) {
        long second = Math.floorDiv(millis, 1000L);
        if (second != cachedSecond) {
            String full = TS.format(Instant.ofEpochMilli(second * 1000L).atZone(SHANGHAI));
            cachedPrefix = full.substring(0, 20); // uuuu-MM-ddTHH:mm:ss.
            cachedOffset = full.substring(23);
            cachedSecond = second;
        }
        int ms = (int) Math.floorMod(millis, 1000L);
        return cachedPrefix + (ms < 10 ? "00" : ms < 100 ? "0" : "") + ms + cachedOffset;
    }

    private static String money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String price(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
