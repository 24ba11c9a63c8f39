package io.riskwatch.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A generated market (the files of {@code riskwatch generate}) as a live feed: every record with its topic and
 * Kafka key, and its {@code ts} cut out so a producer can put the wall clock there. The reference data of the
 * first morning comes first ({@link Loaded#preload}); the rest follows in event-time order ({@link Loaded#paced}).
 */
public final class MarketFeed {
    /** Which contract topic each generated file goes to. */
    public static final Map<String, String> TOPIC_OF_FILE = Map.of(
            "funds.jsonl",
            "riskwatch.funds",
            "orders.jsonl",
            "riskwatch.orders",
            "quotes.jsonl",
            "riskwatch.quotes",
            "reference.jsonl",
            "riskwatch.reference");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record, its ts value cut out ({@code tail} null when it has no readable ts: it goes as it is). */
    public record Rec(String topic, String key, long originalTs, String head, String tail) {
        public byte[] withTs(String ts) {
            return (tail == null ? head : head + ts + tail).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The morning's reference data, then everything else in event-time order (each file's order kept). */
    public record Loaded(List<Rec> preload, List<Rec> paced) {}

    /** The wall clock as a record's ts (the contract's form, in +08:00). */
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.ofHours(8));

    /** Told every 10 s while a feed is paced: records sent so far and the rate achieved. */
    public interface Progress {
        void sent(long records, double perSecond);
    }

    private MarketFeed() {}

    /**
     * Sends records at once (the morning's reference data), each with its generated ts or, with {@code wallClock},
     * stamped with the wall clock.
     */
    public static void sendNow(KafkaProducer<String, byte[]> producer, List<Rec> records, boolean wallClock) {
        for (Rec rec : records) {
            String ts = TS.format(wallClock ? Instant.now() : Instant.ofEpochMilli(rec.originalTs()));
            producer.send(new ProducerRecord<>(rec.topic(), rec.key(), rec.withTs(ts)));
        }
        producer.flush();
    }

    /**
     * Sends every record at its slot of a fixed-rate schedule, with its generated ts (the event-time spacing of
     * the generated day, so every window of the rules holds as in a replay) or, with {@code wallClock}, the wall
     * clock as its ts (alerts at "now", but the day's hours squeezed into the feed's pace). No busy wait (it would take
     * a core from the job): it sleeps, then sends whatever fell due meanwhile. Stops early when {@code stop} says so.
     *
     * @return the records sent
     */
    public static long pace(
            KafkaProducer<String, byte[]> producer,
            List<Rec> records,
            int perSecond,
            BooleanSupplier stop,
            Progress progress,
            boolean wallClock) {
        long t0 = System.nanoTime();
        long nextReport = t0 + 10_000_000_000L;
        long lastMs = -1;
        String ts = null;
        long sent = 0;
        for (int i = 0; i < records.size() && !stop.getAsBoolean(); i++) {
            long due = t0 + (long) (i * (1e9 / perSecond));
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            Rec rec = records.get(i);
            long ms = wallClock ? System.currentTimeMillis() : rec.originalTs();
            if (ms != lastMs) {
                ts = TS.format(Instant.ofEpochMilli(ms));
                lastMs = ms;
            }
            producer.send(new ProducerRecord<>(rec.topic(), rec.key(), rec.withTs(ts)));
            sent++;
            if (now >= nextReport) {
                progress.sent(sent, sent * 1e9 / (now - t0));
                nextReport += 10_000_000_000L;
            }
        }
        producer.flush();
        return sent;
    }

    public static Loaded load(Path dir) throws IOException {
        List<Rec> all = new ArrayList<>();
        for (Map.Entry<String, String> f : TOPIC_OF_FILE.entrySet()) {
            for (String line : Files.readAllLines(dir.resolve(f.getKey()))) {
                if (!line.isBlank()) {
                    all.add(rec(f.getValue(), line));
                }
            }
        }
        all.sort(Comparator.comparingLong(Rec::originalTs)); // stable: each file's order kept
        long firstTrading = all.stream()
                .filter(x -> !x.topic().equals("riskwatch.reference"))
                .mapToLong(Rec::originalTs)
                .min()
                .orElse(Long.MAX_VALUE);
        List<Rec> preload = new ArrayList<>();
        List<Rec> paced = new ArrayList<>();
        for (Rec x : all) {
            (x.originalTs() < firstTrading ? preload : paced).add(x);
        }
        return new Loaded(preload, paced);
    }

    public static Rec rec(String topic, String line) {
        String key = key(line);
        int at = line.indexOf("\"ts\":\"");
        if (at < 0) {
            return new Rec(topic, key, Long.MAX_VALUE, line, null);
        }
        int from = at + 6;
        int to = line.indexOf('"', from);
        try {
            long ts = OffsetDateTime.parse(line.substring(from, to)).toInstant().toEpochMilli();
            return new Rec(topic, key, ts, line.substring(0, from), line.substring(to));
        } catch (RuntimeException e) {
            return new Rec(topic, key, Long.MAX_VALUE, line, null); // a bad value stays as it is
        }
    }

    /** The contract's Kafka key of a record: its clientId, else its symbol, else none. */
    public static String key(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n.hasNonNull("clientId")) {
                return n.get("clientId").asText();
            }
            return n.hasNonNull("symbol") ? n.get("symbol").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
