package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.testing.InProcessKafka;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ReplayJob.Result files = ReplayJob.run(new ReplayJob.Request(List.of("../samples/trading-day"),
                ConfigLoader.defaults(), RuleCatalog.ids(), 2, fromFiles, fromFiles.resolveSibling("dead.jsonl")));

        Path fromKafka = dir.resolve("kafka/alerts.jsonl");
        ReplayJob.Result k = ReplayJob.run(new ReplayJob.Request(List.of(), ConfigLoader.defaults(), RuleCatalog.ids(),
                2, fromKafka, fromKafka.resolveSibling("dead.jsonl")).fromKafka(new KafkaInput(kafka.bootstrapServers(),
                KafkaInput.DEFAULT_TOPICS, "kafka-replay-it", Map.of(), true)));

        assertThat(k.read()).isEqualTo(produced);
        assertThat(k.balanced()).isTrue();
        assertThat(Files.readString(fromKafka)).isEqualTo(Files.readString(fromFiles));
        assertThat(files.alerts()).isEqualTo(k.alerts()).isPositive();
        assertThat(Files.readAllLines(fromKafka.resolveSibling("dead.jsonl")))
                .allSatisfy(d -> assertThat(JSON.readTree(d).get("source").asText()).matches("riskwatch\\.\\w+/[01]@\\d+"));
    }
}
