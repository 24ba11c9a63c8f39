package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.riskwatch.cli.generate.StreamGenerator;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same input, same alerts: an ordered single-file replay at parallelism 1 and a replay of the same events
 * shuffled within the out-of-orderness bound, split over three files, with cross-file duplicates, at
 * parallelism 2, must write byte-identical alert files. Runs on embedded MiniClusters.
 */
class ReplayDeterminismITCase {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JobSettings SETTINGS = ConfigLoader.defaults();

    @TempDir
    static Path dir;

    private record Rec(long ts, String json) {}

    private static List<Rec> events;

    @BeforeAll
    static void generate() throws IOException {
        Path gen = dir.resolve("generated");
        StreamGenerator.write(new StreamGenerator.Spec(400, 3, 12, 11, 0, LocalDate.of(2026, 11, 16)), gen);
        events = new ArrayList<>();
        try (var files = Files.list(gen)) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    long ts = OffsetDateTime.parse(JSON.readTree(line).get("ts").asText())
                            .toInstant()
                            .toEpochMilli();
                    events.add(new Rec(ts, line));
                }
            }
        }
    }

    private static Path write(Path file, List<Rec> recs) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, recs.stream().map(Rec::json).toList(), StandardCharsets.UTF_8);
        return file;
    }

    private static ReplayJob.Result replay(List<String> inputs, int parallelism, Path alerts) throws Exception {
        return ReplayJob.run(new ReplayJob.Request(
                inputs,
                SETTINGS,
                RuleCatalog.RULES.ids(),
                parallelism,
                alerts,
                alerts.resolveSibling("dead-letters.jsonl")));
    }

    @Test
    void shuffledSplitParallelReplayWritesTheSameAlertsAsAnOrderedSingleFileRun() throws Exception {
        List<Rec> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingLong(Rec::ts));
        Path single = write(dir.resolve("ordered/all.jsonl"), ordered);

        // split over three files at random, then shuffle each file within 5 s buckets: every record is at
        // most 4.999 s behind the newest one before it in its file, inside the default bound
        Random random = new Random(42);
        List<List<Rec>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Rec r : ordered) {
            parts.get(random.nextInt(3)).add(r);
        }
        int duplicates = 0;
        for (Rec r : ordered) {
            if (r.json().contains("\"type\":\"transfer\"") && random.nextInt(10) == 0) {
                parts.get(random.nextInt(3)).add(r); // an exact copy, possibly in another file
                duplicates++;
            }
        }
        List<String> shuffledFiles = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Map<Long, List<Rec>> buckets = new TreeMap<>();
            for (Rec r : parts.get(i)) {
                buckets.computeIfAbsent(Math.floorDiv(r.ts(), 5_000L), k -> new ArrayList<>())
                        .add(r);
            }
            List<Rec> shuffled = new ArrayList<>();
            for (List<Rec> bucket : buckets.values()) {
                Collections.shuffle(bucket, random);
                shuffled.addAll(bucket);
            }
            shuffledFiles.add(write(dir.resolve("shuffled/part-" + i + ".jsonl"), shuffled)
                    .toString());
        }
        assertThat(duplicates).isPositive();

        ReplayJob.Result a = replay(List.of(single.toString()), 1, dir.resolve("out-a/alerts.jsonl"));
        ReplayJob.Result b = replay(shuffledFiles, 2, dir.resolve("out-b/alerts.jsonl"));

        assertThat(a.balanced()).isTrue();
        assertThat(b.balanced()).isTrue();
        assertThat(a.read()).isEqualTo(events.size());
        assertThat(b.read()).isEqualTo(events.size() + duplicates);
        assertThat(a.deadLettered()).isZero();
        assertThat(b.deadLettersByReason()).containsExactly(Map.entry("duplicate_event", (long) duplicates));
        // 8 planted LARGE_TRANSFER alerts per day over 3 days (the same-instant upgrade suppresses one)
        assertThat(a.alertsByRule())
                .containsEntry("LARGE_TRANSFER", 24L)
                .containsKeys("CUMULATIVE_TRANSFER", "STRUCTURING", "RAPID_IN_OUT", "DORMANT_REACTIVATION");
        // every rule fires on its planted clients and stays silent on the near misses
        Map<String, Long> planted = new TreeMap<>();
        Map<String, Long> turning = new TreeMap<>();
        Map<String, Long> orderRate = new TreeMap<>();
        Map<String, Long> exchange = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("out-a/alerts.jsonl"))) {
            var alert = JSON.readTree(line);
            String client = alert.get("clientId").asText();
            if (StreamGenerator.TURNING.equals(alert.path("symbol").asText())) {
                turning.merge(
                        client + " " + alert.get("metrics").get("direction").asText(), 1L, Long::sum);
            }
            if (alert.get("metrics").has("groupId")) {
                exchange.merge(
                        alert.get("rule").asText() + " "
                                + alert.get("metrics").get("groupId").asText(),
                        1L,
                        Long::sum);
            }
            if (alert.get("rule").asText().equals("ORDER_RATE")) {
                orderRate.merge(client + " " + alert.get("metrics").get("kind").asText(), 1L, Long::sum);
            }
            int index = Integer.parseInt(client.substring(1));
            if (index >= 5 && index < StreamGenerator.RESERVED) {
                planted.merge(alert.get("rule").asText() + " " + client, 1L, Long::sum);
            }
        }
        assertThat(planted)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "CUMULATIVE_TRANSFER C00005", 3L,
                        "STRUCTURING C00007", 3L,
                        "RAPID_IN_OUT C00009", 3L,
                        "DORMANT_REACTIVATION C00011", 1L,
                        "PRICE_DEVIATION C00013", 3L,
                        "CONCENTRATION C00015", 3L,
                        "SUITABILITY_MISMATCH C00017", 3L,
                        "FREQUENT_CANCELS C00019", 3L,
                        "EXCESSIVE_CHURNING C00021", 3L));
        // ORDER_RATE, planted on the first day: 300 orders in 299 ms fire, 299 in a second do not
        assertThat(orderRate)
                .containsExactlyInAnyOrderEntriesOf(Map.of(StreamGenerator.ORDER_RATE_FIRE + " PER_SECOND", 1L));
        // the exchanges' rules, planted on the first day per linked-account group: each fire once, no near miss, and
        // nothing from the random groups (their members trade small)
        assertThat(exchange)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "SPOOFING G-SPOOF", 1L,
                        "RAMPING G-RAMP", 1L,
                        "LIMIT_HOLDING G-LIMIT", 1L,
                        "SELF_TRADE G-SELF", 1L));
        // ... with members whose client state lives on different subtasks at parallelism 2 (G-RAMP, G-LIMIT; the
        // default max parallelism of 128)
        for (String[] members : new String[][] {{"C92001", "C92002"}, {"C93001", "C93002"}}) {
            assertThat(KeyGroupRangeAssignment.assignKeyToParallelOperator(members[0], 128, 2))
                    .as(members[0] + " and " + members[1])
                    .isNotEqualTo(KeyGroupRangeAssignment.assignKeyToParallelOperator(members[1], 128, 2));
        }
        // the planted turning point: the heavy holder warned at the DOWN and at the UP, the light one never
        assertThat(turning).containsExactlyInAnyOrderEntriesOf(Map.of("C00000 DOWN", 1L, "C00000 UP", 1L));
        byte[] alertsA = Files.readAllBytes(dir.resolve("out-a/alerts.jsonl"));
        byte[] alertsB = Files.readAllBytes(dir.resolve("out-b/alerts.jsonl"));
        assertThat(new String(alertsB, StandardCharsets.UTF_8)).isEqualTo(new String(alertsA, StandardCharsets.UTF_8));
    }
}
