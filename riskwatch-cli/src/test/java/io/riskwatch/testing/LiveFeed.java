package io.riskwatch.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.source.kafka.KafkaInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The sample day fed to a live job in parts, the way a live feed moves event time on. */
public final class LiveFeed {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Partitions per input topic in the live ITCases. */
    public static final int PARTITIONS = 2;

    private LiveFeed() {}

    /**
     * The sample day cut at the given local times of 2026-11-20 (+08:00) into consecutive parts: every topic's
     * records before a cut go into that cut's part, and each part but the last ends with a quote at its cut in
     * every partition (the last with one a day later), so event time moves on part by part and no partition
     * runs ahead of the others.
     */
    public static List<List<ProducerRecord<String, byte[]>>> sampleDayInParts(Path sample, String... cutTimes)
            throws Exception {
        List<Long> cuts = new ArrayList<>();
        for (String t : cutTimes) {
            cuts.add(OffsetDateTime.parse("2026-11-20T" + t + ":00+08:00")
                    .toInstant()
                    .toEpochMilli());
        }
        List<List<ProducerRecord<String, byte[]>>> parts = new ArrayList<>();
        for (int i = 0; i <= cuts.size(); i++) {
            parts.add(new ArrayList<>());
        }
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : InProcessKafka.TOPIC_OF_FILE.entrySet()) {
            lines.put(
                    f.getValue(),
                    Files.readAllLines(sample.resolve(f.getKey())).stream()
                            .filter(x -> !x.isBlank())
                            .toList());
        }
        for (Map.Entry<String, List<String>> topic : lines.entrySet()) {
            long previous = Long.MIN_VALUE;
            for (String line : topic.getValue()) {
                long t = ts(line, previous); // an unreadable line travels with the line before it
                previous = t;
                int part = 0;
                while (part < cuts.size() && t >= cuts.get(part)) {
                    part++;
                }
                parts.get(part)
                        .add(new ProducerRecord<>(
                                topic.getKey(), InProcessKafka.key(line), line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        for (int part = 0; part < cuts.size(); part++) {
            parts.get(part).addAll(ticks(Instant.ofEpochMilli(cuts.get(part)).toString(), "cut" + part));
        }
        parts.get(cuts.size()).addAll(ticks("2026-11-22T01:30:00Z", "end"));
        return parts;
    }

    /** Event time moves on only with data: a quote at {@code ts} in every partition of every input topic. */
    public static List<ProducerRecord<String, byte[]>> ticks(String ts, String name) {
        List<ProducerRecord<String, byte[]>> ticks = new ArrayList<>();
        for (String topic : KafkaInput.DEFAULT_TOPICS) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                String tick = "{\"type\":\"quote\",\"eventId\":\"tick-" + name + "-" + topic + "-" + partition
                        + "\",\"ts\":\"" + ts + "\",\"symbol\":\"TICK.SH\",\"price\":1}";
                ticks.add(new ProducerRecord<>(topic, partition, "TICK.SH", tick.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return ticks;
    }

    /**
     * The sample day replayed from its files (all rules, parallelism 2, the embedded defaults) into
     * {@code dir/files/alerts.jsonl}: what a live run of the same day must store. Returns that file.
     */
    public static Path replaySampleDay(Path dir) throws Exception {
        Path alerts = dir.resolve("files/alerts.jsonl");
        ReplayJob.run(new ReplayJob.Request(
                List.of("../samples/trading-day"),
                ConfigLoader.defaults(),
                RuleCatalog.RULES.ids(),
                2,
                alerts,
                alerts.resolveSibling("dead.jsonl")));
        return alerts;
    }

    /** The alert ids of an alerts file. */
    public static Set<String> alertIds(Path alertsFile) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(alertsFile)) {
            ids.add(JSON.readTree(line).get("alertId").asText());
        }
        return ids;
    }

    /**
     * The time each non-blank line is published at, as a feed publishing at once would: its ts; a line without a
     * readable ts takes the one before it (0 for the first).
     */
    public static long[] publishTimes(List<String> nonBlankLines) {
        long[] times = new long[nonBlankLines.size()];
        long previous = 0L;
        for (int i = 0; i < times.length; i++) {
            previous = ts(nonBlankLines.get(i), previous);
            times[i] = previous;
        }
        return times;
    }

    /** The record's ts in epoch millis, or {@code otherwise} when it has none readable. */
    public static long ts(String line, long otherwise) {
        try {
            return OffsetDateTime.parse(JSON.readTree(line).get("ts").asText())
                    .toInstant()
                    .toEpochMilli();
        } catch (Exception e) {
            return otherwise;
        }
    }

    /** Polls {@code condition} every 100 ms; fails the test when it does not hold within {@code limit}. */
    public static void waitFor(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit);
            }
            Thread.sleep(100);
        }
    }
}
