package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.cli.Riskwatch;
import io.riskwatch.cli.common.ReadProgress;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.sink.redis.ProposalStore;
import io.riskwatch.sink.redis.RedisLayout;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.testing.InProcessKafka;
import io.riskwatch.testing.LiveFeed;
import io.riskwatch.testing.LocalRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample day through a real KRaft broker (in-process), four topics of two partitions each, keyed as the
 * contract says, read by the Kafka source at parallelism 2: the same alerts as the file replay, and every
 * record read ends processed or dead-lettered (with {@code topic/partition@offset} sources).
 */
class KafkaReplayITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InProcessKafka kafka;
    private static int produced;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafkaAndProduceTheSampleDay() throws Exception {
        kafka = new InProcessKafka();
        kafka.createTopics(KafkaInput.DEFAULT_TOPICS, 2);
        produced = kafka.produceSampleDay(Path.of("../samples/trading-day"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theSampleDayFromKafkaGivesTheAlertsOfTheFileReplay() throws Exception {
        Path fromFiles = dir.resolve("files/alerts.jsonl");
        ReplayJob.Result files = ReplayJob.run(new ReplayJob.Request(
                List.of("../samples/trading-day"),
                ConfigLoader.defaults(),
                RuleCatalog.RULES.ids(),
                2,
                fromFiles,
                fromFiles.resolveSibling("dead.jsonl")));

        Path fromKafka = dir.resolve("kafka/alerts.jsonl");
        ReplayJob.Result k = ReplayJob.run(new ReplayJob.Request(
                        List.of(),
                        ConfigLoader.defaults(),
                        RuleCatalog.RULES.ids(),
                        2,
                        fromKafka,
                        fromKafka.resolveSibling("dead.jsonl"))
                .fromKafka(new KafkaInput(
                        kafka.bootstrapServers(), KafkaInput.DEFAULT_TOPICS, "kafka-replay-it", Map.of(), true)));

        assertThat(k.read()).isEqualTo(produced);
        assertThat(k.balanced()).isTrue();
        assertThat(Files.readString(fromKafka)).isEqualTo(Files.readString(fromFiles));
        assertThat(files.alerts()).isEqualTo(k.alerts()).isPositive();
        assertThat(Files.readAllLines(fromKafka.resolveSibling("dead.jsonl")))
                .allSatisfy(
                        d -> assertThat(JSON.readTree(d).get("source").asText()).matches("riskwatch\\.\\w+/[01]@\\d+"));
    }

    /**
     * {@code replay --from-kafka --start --end}: the records whose Kafka time (here their event time) falls in
     * [10:30, 13:30) give the same alerts, byte for byte, as a file replay of exactly those lines.
     */
    @Test
    void aTimeRangeFromKafkaGivesTheAlertsOfTheSameLinesReplayedFromFiles() throws Exception {
        long from =
                OffsetDateTime.parse("2026-11-20T10:30:00+08:00").toInstant().toEpochMilli();
        long to = OffsetDateTime.parse("2026-11-20T13:30:00+08:00").toInstant().toEpochMilli();
        Path slice = dir.resolve("slice");
        Files.createDirectories(slice);
        int inRange = 0;
        for (String file : InProcessKafka.TOPIC_OF_FILE.keySet()) {
            List<String> lines = Files.readAllLines(Path.of("../samples/trading-day", file)).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            long[] published = LiveFeed.publishTimes(lines);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (published[i] >= from && published[i] < to) {
                    kept.add(lines.get(i));
                }
            }
            Files.write(slice.resolve(file), kept);
            inRange += kept.size();
        }
        Path fromFiles = dir.resolve("slice-files/alerts.jsonl");
        ReplayJob.run(new ReplayJob.Request(
                List.of(slice.toString()),
                ConfigLoader.defaults(),
                RuleCatalog.RULES.ids(),
                2,
                fromFiles,
                fromFiles.resolveSibling("dead.jsonl")));

        Path fromKafka = dir.resolve("slice-kafka/alerts.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(
                new String[] {
                    "replay",
                    "--from-kafka",
                    kafka.bootstrapServers(),
                    "--start",
                    "2026-11-20T10:30",
                    "--end",
                    "2026-11-20T13:30:00+08:00",
                    "--alerts",
                    fromKafka.toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(String.format("events read       %,12d", inRange))
                .contains("read = processed + dead-lettered: OK")
                .contains("record time 2026-11-20T02:30:00Z to 2026-11-20T05:30:00Z");
        assertThat(Files.readAllLines(fromFiles)).isNotEmpty();
        assertThat(Files.readString(fromKafka)).isEqualTo(Files.readString(fromFiles));
    }

    /** The progress line's source for a Kafka range: the offsets planned, and every record counted as read. */
    @Test
    void aRangesProgressPlansAndCountsItsRecords() throws Exception {
        long from =
                OffsetDateTime.parse("2026-11-20T10:30:00+08:00").toInstant().toEpochMilli();
        long to = OffsetDateTime.parse("2026-11-20T13:30:00+08:00").toInstant().toEpochMilli();
        long inRange = 0;
        for (String file : InProcessKafka.TOPIC_OF_FILE.keySet()) {
            for (long t : LiveFeed.publishTimes(Files.readAllLines(Path.of("../samples/trading-day", file)).stream()
                    .filter(l -> !l.isBlank())
                    .toList())) {
                inRange += t >= from && t < to ? 1 : 0;
            }
        }
        KafkaInput range = KafkaInput.range(
                kafka.bootstrapServers(), KafkaInput.DEFAULT_TOPICS, "progress-it", Map.of(), from, to);
        assertThat(range.plannedRecords(Duration.ofSeconds(30))).isEqualTo(inRange);
        assertThat(KafkaInput.range(
                                kafka.bootstrapServers(),
                                KafkaInput.DEFAULT_TOPICS,
                                "progress-it",
                                Map.of(),
                                null,
                                null)
                        .plannedRecords(Duration.ofSeconds(30)))
                .isEqualTo(produced);

        ReadProgress progress = ReadProgress.open();
        try {
            Path alerts = dir.resolve("progress/alerts.jsonl");
            ReplayJob.Result r = ReplayJob.run(
                    new ReplayJob.Request(
                                    List.of(),
                                    ConfigLoader.defaults(),
                                    RuleCatalog.RULES.ids(),
                                    2,
                                    alerts,
                                    alerts.resolveSibling("dead.jsonl"))
                            .fromKafka(range),
                    progress.listener());
            assertThat(progress.records()).isEqualTo(r.read()).isEqualTo(inRange);
        } finally {
            progress.close();
        }
    }

    /**
     * {@code backtest --from-kafka} and {@code rules propose --backtest-kafka}: the sample day read back from Kafka
     * gives both versions' alerts byte for byte as the backtest of its files, and the proposal carries that report.
     */
    @Test
    void aBacktestOfTheKafkaTopicsGivesTheAlertsOfTheBacktestOfTheFiles() throws Exception {
        String[] versions = {
            "--baseline", "../config/rules.yaml", "--candidate", "../samples/backtest/rules-candidate.yaml", "--quiet"
        };
        Path files = dir.resolve("files");
        assertThat(cli(concat(versions, "--out", files.toString(), "../samples/trading-day")))
                .contains("4 input file(s)");
        Path topics = dir.resolve("kafka");
        assertThat(cli(concat(versions, "--out", topics.toString(), "--from-kafka", kafka.bootstrapServers())))
                .contains("Kafka " + kafka.bootstrapServers());
        for (String alerts : List.of("baseline-alerts.jsonl", "candidate-alerts.jsonl")) {
            assertThat(Files.readString(topics.resolve(alerts)))
                    .as(alerts)
                    .isNotEmpty()
                    .isEqualTo(Files.readString(files.resolve(alerts)));
        }
        String fromKafka = Files.readString(topics.resolve("report.md"));
        assertThat(fromKafka).contains("- Input: Kafka " + kafka.bootstrapServers() + " riskwatch.");
        assertThat(alertsLine(fromKafka)).isEqualTo(alertsLine(Files.readString(files.resolve("report.md"))));

        try (LocalRedis redis = LocalRedis.start()) {
            String proposed = cli(new String[] {
                "rules",
                "propose",
                "--by",
                "li.risk",
                "--in-force",
                "../config/rules.yaml",
                "--backtest-kafka",
                kafka.bootstrapServers(),
                "--redis",
                redis.uri(),
                "../samples/backtest/rules-candidate.yaml"
            });
            assertThat(proposed).contains("P-1: version").contains("backtest report attached (Kafka ");
            try (ProposalStore store = new ProposalStore(redis.uri(), null, new RedisLayout("riskwatch"))) {
                String attached = store.show("P-1").fields().get("backtest");
                assertThat(alertsLine(attached)).isEqualTo(alertsLine(fromKafka));
                assertThat(attached).contains("- Input: Kafka ");
            }
        }
    }

    private static String alertsLine(String report) {
        return report.lines().filter(l -> l.startsWith("- Alerts:")).findFirst().orElseThrow();
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length + 1];
        all[0] = "backtest";
        System.arraycopy(head, 0, all, 1, head.length);
        System.arraycopy(tail, 0, all, 1 + head.length, tail.length);
        return all;
    }

    /** Runs the CLI; fails with what it printed unless it exits 0; returns its output. */
    private static String cli(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(out + "\n" + err).isZero();
        return out.toString();
    }

    @Test
    void unusableRangeArgumentsAreNamed() {
        StringWriter err = new StringWriter();
        assertThat(Riskwatch.execute(
                        new String[] {
                            "replay",
                            "--from-kafka",
                            kafka.bootstrapServers(),
                            "--start",
                            "2026-11-20T13:30",
                            "--end",
                            "2026-11-20T10:30",
                            "--alerts",
                            dir.resolve("a.jsonl").toString()
                        },
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true)))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--start 2026-11-20T13:30 is not before --end 2026-11-20T10:30");
        err.getBuffer().setLength(0);
        assertThat(Riskwatch.execute(
                        new String[] {
                            "replay",
                            "--start",
                            "yesterday",
                            "--alerts",
                            dir.resolve("a.jsonl").toString(),
                            "../samples/trading-day"
                        },
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true)))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--start and --end need --from-kafka");
        err.getBuffer().setLength(0);
        assertThat(Riskwatch.execute(
                        new String[] {
                            "replay",
                            "--from-kafka",
                            kafka.bootstrapServers(),
                            "--start",
                            "yesterday",
                            "--alerts",
                            dir.resolve("a.jsonl").toString()
                        },
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true)))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--start yesterday: not a time");
    }
}
