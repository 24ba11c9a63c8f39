package io.riskwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample day plus a file of adversarial records (every record of the hardening issue and many more: huge
 * exponents, NaN and Infinity, extreme and overflowing timestamps, invalid UTF-8, NUL bytes, deep nesting, keys
 * given twice, sizes at 64 KiB +- 1 byte, a mistyped date among good records) replayed by {@code riskwatch replay}:
 * it finishes, read = processed + dead-lettered, each record ends as the contract and docs/architecture.md's
 * readings say, no stack trace reaches the output, and the sample day's alerts are all still there. The time and
 * heap of the run are printed beside the sample day's alone (not asserted: measured, see docs/PERFORMANCE.md).
 */
class BadInputCorpusITCase {
    private static final String SAMPLE = "../samples/trading-day";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = "ok";
    private static final String SKIPPED = "skipped";

    @TempDir
    Path dir;

    private record Case(String expected, byte[] line, String what) {}

    private final List<Case> cases = new ArrayList<>();
    private int second;

    /** The ts of the next good record: 13:00 of the sample day, one second later each time. */
    private String nextTs() {
        int s = second++;
        return String.format("2026-11-20T13:%02d:%02d.000+08:00", s / 60, s % 60);
    }

    private void add(String expected, String what, String line) {
        cases.add(new Case(expected, line.getBytes(StandardCharsets.UTF_8), what));
    }

    private void addBytes(String expected, String what, byte[] line) {
        cases.add(new Case(expected, line, what));
    }

    private String transfer(String id, String ts, String amountJson) {
        return "{\"type\":\"transfer\",\"eventId\":\"" + id + "\",\"ts\":\"" + ts
                + "\",\"clientId\":\"ADV-C1\",\"direction\":\"IN\",\"amount\":" + amountJson + "}";
    }

    private String amount(String id, String amountJson) {
        return transfer(id, nextTs(), amountJson);
    }

    private String tsOnly(String id, String tsJson) {
        return "{\"type\":\"cancel\",\"eventId\":\"" + id + "\",\"ts\":" + tsJson
                + ",\"clientId\":\"ADV-C2\",\"orderId\":\"O1\"}";
    }

    /** A good transfer padded with an unknown field to exactly {@code bytes} bytes. */
    private String sized(String id, int bytes) {
        String head = "{\"type\":\"transfer\",\"eventId\":\"" + id + "\",\"ts\":\"" + nextTs()
                + "\",\"clientId\":\"ADV-C3\",\"direction\":\"IN\",\"amount\":1,\"pad\":\"";
        String tail = "\"}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    private static byte[] withByte(String template, char marker, int... replacement) {
        byte[] b = template.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte x : b) {
            if (x == (byte) marker) {
                for (int r : replacement) {
                    out.write(r);
                }
            } else {
                out.write(x);
            }
        }
        return out.toByteArray();
    }

    private void buildCorpus() {
        // the records, first of all a first line dated in the year -292275055
        add("invalid_value:ts", "ts at Instant.MIN", tsOnly("a1", "\"-292275055-05-16T16:47:05Z\""));
        add(OK, "a good transfer", amount("a2", "1"));
        add("invalid_value:amount", "amount 1E+2147483647", amount("a3", "1E+2147483647"));
        add("invalid_value:amount", "amount \"1E+2147483647\"", amount("a4", "\"1E+2147483647\""));
        add("invalid_value:amount", "amount 12E+2147483646", amount("a5", "12E+2147483646"));
        add(
                OK,
                "cash 0E-2147483647",
                "{\"type\":\"cash\",\"eventId\":\"a6\",\"ts\":\"" + nextTs()
                        + "\",\"clientId\":\"ADV-C1\",\"balance\":\"0E-2147483647\"}");
        add(
                OK,
                "cash 0E-100000000",
                "{\"type\":\"cash\",\"eventId\":\"a7\",\"ts\":\"" + nextTs()
                        + "\",\"clientId\":\"ADV-C1\",\"balance\":\"0E-100000000\"}");
        add(
                OK,
                "trade fee 0E-2147483647",
                "{\"type\":\"trade\",\"eventId\":\"a8\",\"ts\":\"" + nextTs()
                        + "\",\"clientId\":\"ADV-C1\",\"orderId\":\"O8\",\"symbol\":\"ADV001.SH\",\"side\":\"BUY\","
                        + "\"price\":3,\"quantity\":100,\"fee\":\"0E-2147483647\"}");
        add(
                "invalid_value:price",
                "order price 1E+2147483647",
                "{\"type\":\"order\",\"eventId\":\"a9\",\"ts\":\""
                        + nextTs() + "\",\"clientId\":\"ADV-C1\",\"orderId\":\"O9\",\"symbol\":\"ADV001.SH\","
                        + "\"side\":\"BUY\",\"price\":1E+2147483647,\"quantity\":100}");
        add(
                "invalid_value:price",
                "quote price 1E+2147483647",
                "{\"type\":\"quote\",\"eventId\":\"a10\",\"ts\":\"" + nextTs()
                        + "\",\"symbol\":\"ADV001.SH\",\"price\":1E+2147483647}");
        add(
                OK,
                "position avgCost 0E-2147483647",
                "{\"type\":\"position\",\"eventId\":\"a11\",\"ts\":\"" + nextTs()
                        + "\",\"clientId\":\"ADV-C1\",\"symbol\":\"ADV001.SH\",\"quantity\":100,"
                        + "\"avgCost\":\"0E-2147483647\"}");
        add("invalid_value:ts", "ts at Instant.MAX", tsOnly("a12", "\"+292278994-08-17T07:12:55.807Z\""));
        add(OK, "a good transfer", amount("a13", "2"));
        add("implausible_ts", "a transfer dated the next day", transfer("a14", "2026-11-21T13:05:00.000+08:00", "3"));
        add(OK, "a good transfer after it", amount("a15", "4"));
        add("implausible_ts", "a cancel dated 9999", tsOnly("a16", "\"9999-12-31T23:59:59Z\""));
        add(OK, "a good cancel after it", tsOnly("a17", "\"" + nextTs() + "\""));
        addBytes("malformed_json", "clientId Y\\xff1", withByte(transfer("a18", nextTs(), "5"), '\u0001', 0));
        cases.remove(cases.size() - 1); // (built below with the real bytes)
        addBytes(
                "malformed_json",
                "clientId Y\\xff1",
                withByte(transfer("a18", nextTs(), "5").replace("ADV-C1", "Y~1"), '~', 0xff));
        addBytes(
                "malformed_json",
                "clientId Y\\xfe1",
                withByte(transfer("a19", nextTs(), "5").replace("ADV-C1", "Y~1"), '~', 0xfe));
        add(
                OK,
                "an unknown field nested 2,000 deep",
                transfer("a20", nextTs(), "6").replace("}", ",\"deep\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));
        add("invalid_value:amount", "a 1,500-digit amount", amount("a21", "1" + "0".repeat(1499)));

        // more numbers
        add("invalid_value:amount", "amount 1E-2147483648", amount("n1", "1E-2147483648"));
        add("invalid_value:amount", "amount \"NaN\"", amount("n2", "\"NaN\""));
        add("invalid_value:amount", "amount \"Infinity\"", amount("n3", "\"Infinity\""));
        add("invalid_value:amount", "amount \"-Infinity\"", amount("n4", "\"-Infinity\""));
        add("malformed_json", "amount NaN", amount("n5", "NaN"));
        add("malformed_json", "amount Infinity", amount("n6", "Infinity"));
        add("malformed_json", "amount -Infinity", amount("n7", "-Infinity"));
        add("invalid_value:amount", "amount 0", amount("n8", "0"));
        add("invalid_value:amount", "amount -1", amount("n9", "-1"));
        add("invalid_value:amount", "amount with 11 decimals", amount("n10", "100.00000000001"));
        add(OK, "amount with 10 decimals", amount("n11", "100.0000000001"));
        add(OK, "amount of 18 integer digits", amount("n12", "999999999999999999"));
        add("invalid_value:amount", "amount of 19 integer digits", amount("n13", "9999999999999999999"));
        add(OK, "amount 1e2", amount("n14", "1e2"));
        add("invalid_value:amount", "amount 0.(10,000 zeros)1", amount("n15", "0." + "0".repeat(10_000) + "1"));
        add("invalid_value:amount", "amount true", amount("n16", "true"));
        add("invalid_value:amount", "amount {}", amount("n17", "{}"));
        add(
                "invalid_value:price",
                "quote price \"NaN\"",
                "{\"type\":\"quote\",\"eventId\":\"n18\",\"ts\":\"" + nextTs()
                        + "\",\"symbol\":\"ADV001.SH\",\"price\":\"NaN\"}");
        add(
                "invalid_value:quantity",
                "order quantity 1E+400",
                "{\"type\":\"order\",\"eventId\":\"n19\",\"ts\":\""
                        + nextTs() + "\",\"clientId\":\"ADV-C1\",\"orderId\":\"O19\",\"symbol\":\"ADV001.SH\","
                        + "\"side\":\"BUY\",\"price\":1,\"quantity\":1E+400}");

        // timestamps
        add("invalid_value:ts", "year 10000", tsOnly("t1", "\"+10000-01-01T00:00:00Z\""));
        add("invalid_value:ts", "year 0", tsOnly("t2", "\"0000-12-31T23:59:59Z\""));
        add("invalid_value:ts", "month 13", tsOnly("t3", "\"2026-13-01T00:00:00+08:00\""));
        add("invalid_value:ts", "no offset", tsOnly("t4", "\"2026-11-20T13:00:00\""));
        add("invalid_value:ts", "epoch millis", tsOnly("t5", "1763614800000"));
        add("invalid_value:ts", "empty", tsOnly("t6", "\"\""));
        add("invalid_value:ts", "offset +25:00", tsOnly("t7", "\"2026-11-20T13:00:00+25:00\""));
        add("missing_field:ts", "null", tsOnly("t8", "null"));
        add(OK, "nanosecond digits", tsOnly("t9", "\"" + nextTs().replace(".000+", ".123456789+") + "\""));
        String late = nextTs();
        add(OK, "a good cancel", tsOnly("t10", "\"" + nextTs() + "\""));
        second += 10;
        add(OK, "ten seconds on", tsOnly("t11", "\"" + nextTs() + "\""));
        add("late_event", "older than the newest by more than the bound", tsOnly("t12", "\"" + late + "\""));

        // bytes
        addBytes(
                "malformed_json",
                "overlong encoding of /",
                withByte(amount("b1", "1").replace("ADV-C1", "C~"), '~', 0xc0, 0xaf));
        addBytes(
                "malformed_json",
                "a lone surrogate",
                withByte(amount("b2", "1").replace("ADV-C1", "C~"), '~', 0xed, 0xa0, 0x80));
        addBytes(
                "malformed_json",
                "a cut multi-byte character",
                withByte(amount("b3", "1").replace("ADV-C1", "C~"), '~', 0xe4, 0xb8));
        addBytes(
                "malformed_json",
                "a raw NUL in a string",
                withByte(amount("b4", "1").replace("ADV-C1", "C~1"), '~', 0));
        addBytes(
                "malformed_json",
                "a raw NUL between tokens",
                withByte(amount("b5", "1").replace(",\"amount\"", ",~\"amount\""), '~', 0));
        add(OK, "an escaped NUL in a free-text field", amount("b6", "1").replace("}", ",\"channel\":\"a\\u0000b\"}"));
        add(OK, "a Chinese client id", amount("b7", "1").replace("ADV-C1", "客户-1"));
        add(OK, "a U+FFFD written as such", amount("b8", "1").replace("ADV-C1", "C\uFFFD1"));
        add("malformed_json", "a byte order mark inside the file", "\uFEFF" + amount("b9", "1"));
        add(
                "malformed_json",
                "a raw newline escape gone wrong",
                amount("b10", "1").replace("ADV-C1", "C\\q1"));

        // sizes
        add(OK, "64 KiB - 1 byte", sized("s1", 65_535));
        add(OK, "exactly 64 KiB", sized("s2", 65_536));
        add("oversized", "64 KiB + 1 byte", sized("s3", 65_537));
        add("oversized", "1 MiB", sized("s4", 1 << 20));
        add(SKIPPED, "whitespace only", "   \t  ");

        // structure
        add("malformed_json", "amount given twice", amount("d1", "1").replace("}", ",\"amount\":1000000}"));
        add(
                "malformed_json",
                "type given twice",
                tsOnly("d2", "\"" + nextTs() + "\"")
                        .replace("{\"type\":\"cancel\"", "{\"type\":\"transfer\",\"type\":\"cancel\""));
        add("malformed_json", "an array", "[1,2,3]");
        add("malformed_json", "a string", "\"just text\"");
        add("missing_field:type", "an empty object", "{}");
        add("missing_field:type", "type null", "{\"type\":null,\"eventId\":\"d3\"}");
        add("unknown_type", "type TRANSFER", amount("d4", "1").replace("\"transfer\"", "\"TRANSFER\""));
        add("malformed_json", "trailing text", amount("d5", "1") + " trailing");
        add("malformed_json", "two objects", amount("d6", "1") + amount("d7", "1"));
        // nesting is read up to the record size: an object without a type, however deep
        add("missing_field:type", "nested 30,000 deep", "{\"a\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}");
        add("invalid_value:eventId", "eventId of 129 characters", amount("x".repeat(129), "1"));
        add(OK, "eventId of 128 characters", amount("y".repeat(128), "1"));
        add("invalid_value:eventId", "eventId a number", amount("d8", "1").replace("\"d8\"", "42"));
        add("invalid_value:direction", "direction in", amount("d9", "1").replace("\"IN\"", "\"in\""));
        add("invalid_value:clientId", "clientId empty", amount("d10", "1").replace("\"ADV-C1\"", "\"\""));
        add("missing_field:amount", "no amount", amount("d11", "1").replace(",\"amount\":1", ""));
        add("duplicate_event", "a2 again", transfer("a2", nextTs(), "1"));
        add(OK, "a last good transfer", amount("d12", "7"));
    }

    private record Run(int code, String out, String err, double seconds, long peakHeapBytes) {}

    private static Run replay(String... args) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int code = Riskwatch.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Run(code, out.toString(), err.toString(), seconds, peak);
    }

    @Test
    void everyAdversarialRecordEndsAsTheContractSaysAndNothingElseChanges() throws Exception {
        buildCorpus();
        assertThat(cases.stream().filter(c -> !c.expected().equals(SKIPPED))).hasSizeGreaterThanOrEqualTo(80);
        Path input = Files.createDirectories(dir.resolve("in"));
        try (var files = Files.list(Path.of(SAMPLE))) {
            for (Path f : files.toList()) {
                Files.copy(f, input.resolve(f.getFileName()));
            }
        }
        Path adversarial = input.resolve("zz-adversarial.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Case c : cases) {
            bytes.writeBytes(c.line());
            bytes.write('\n');
        }
        Files.write(adversarial, bytes.toByteArray());

        // both once to warm the JVM up (the first replay of a JVM loads Flink), then both measured
        replay("replay", "--quiet", "--alerts", dir.resolve("warm/day.jsonl").toString(), SAMPLE);
        replay("replay", "--quiet", "--alerts", dir.resolve("warm/corpus.jsonl").toString(), input.toString());
        Run day = replay(
                "replay", "--quiet", "--alerts", dir.resolve("day/alerts.jsonl").toString(), SAMPLE);
        assertThat(day.code()).as(day.err()).isZero();
        Path alerts = dir.resolve("corpus/alerts.jsonl");
        Path dead = dir.resolve("corpus/dead-letters.jsonl");
        Run corpus = replay(
                "replay",
                "--quiet",
                "--alerts",
                alerts.toString(),
                "--dead-letters",
                dead.toString(),
                input.toString());
        System.out.printf(
                "bad-input corpus: sample day %.1f s, peak heap %d MB; sample day + %d adversarial records %.1f s,"
                        + " peak heap %d MB (time x%.2f, heap x%.2f)%n",
                day.seconds(),
                day.peakHeapBytes() >> 20,
                cases.size(),
                corpus.seconds(),
                corpus.peakHeapBytes() >> 20,
                corpus.seconds() / day.seconds(),
                (double) corpus.peakHeapBytes() / day.peakHeapBytes());

        assertThat(corpus.code()).as(corpus.err()).isZero();
        String output = corpus.out() + corpus.err();
        assertThat(output).doesNotContain("Exception").doesNotContain("\tat ").contains("OK");
        long read = Summaries.count(corpus.out(), "events read");
        long processed = Summaries.count(corpus.out(), "processed");
        long deadLettered = Summaries.count(corpus.out(), "dead-lettered");
        assertThat(read).isEqualTo(processed + deadLettered);
        long sampleRead = Summaries.count(day.out(), "events read");
        assertThat(read)
                .isEqualTo(sampleRead
                        + cases.stream()
                                .filter(c -> !c.expected().equals(SKIPPED))
                                .count());

        Map<Long, JsonNode> lettersByLine = new HashMap<>();
        for (String line : Files.readAllLines(dead)) {
            JsonNode d = JSON.readTree(line);
            String source = d.get("source").asText();
            if (source.contains("zz-adversarial.jsonl:")) {
                lettersByLine.put(Long.parseLong(source.substring(source.lastIndexOf(':') + 1)), d);
            }
        }
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode d = lettersByLine.get((long) i + 1);
            String got = d == null ? OK : d.get("reason").asText();
            String expected = c.expected().equals(SKIPPED) ? OK : c.expected();
            assertThat(got).as("line %d (%s)", i + 1, c.what()).isEqualTo(expected);
            if (d != null && d.has("rawBase64")) {
                assertThat(Base64.getDecoder().decode(d.get("rawBase64").asText()))
                        .as("line %d's bytes", i + 1)
                        .isEqualTo(c.line());
            } else if (d != null && !c.expected().equals("oversized")) {
                assertThat(d.get("raw").asText())
                        .as("line %d's raw", i + 1)
                        .isEqualTo(new String(c.line(), StandardCharsets.UTF_8));
            }
        }
        // nothing the adversarial file holds blinds or changes the day: its alerts are all there
        List<String> dayAlerts = Files.readAllLines(dir.resolve("day/alerts.jsonl"));
        List<String> corpusAlerts = Files.readAllLines(alerts);
        assertThat(corpusAlerts).containsAll(dayAlerts);
        assertThat(corpusAlerts.stream().filter(a -> !dayAlerts.contains(a)))
                .allSatisfy(a ->
                        assertThat(JSON.readTree(a).get("clientId").asText()).startsWith("ADV-"));
    }
}
