package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the walkthrough of docs/deployment.md as written: every {@code bash} block marked
 * {@code <!-- walkthrough -->}, in order, from the repository's root. {@code bin/riskwatch stack up} starts a
 * real Kafka broker, Redis and Flink session cluster as separate processes, {@code kcat} produces the sample
 * day, the shaded jar goes to the cluster with {@code flink run}; before the last block ({@code stack down})
 * Redis must hold exactly the alerts of the file replay and the dead-letter topic the records the page names.
 * Needs {@code kcat}, {@code jq} and {@code redis-server} ({@code .ci/run} installs them) and the default ports
 * 9092, 9093, 6379, 8081 and 6123 free.
 */
class DeploymentWalkthroughITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path LOG = Path.of("target/walkthrough.log").toAbsolutePath();

    @TempDir
    Path dir;

    /** The bash blocks of a Markdown page that follow a {@code <!-- walkthrough -->} line, in order. */
    static List<String> walkthroughBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals("<!-- walkthrough -->")) {
                continue;
            }
            assertThat(lines[i + 1].strip())
                    .as("line %d: a walkthrough marker must precede a ```bash block", i + 2)
                    .isEqualTo("```bash");
            StringBuilder block = new StringBuilder();
            int j = i + 2;
            while (!lines[j].strip().equals("```")) {
                block.append(lines[j++]).append('\n');
            }
            blocks.add(block.toString());
            i = j;
        }
        return blocks;
    }

    @Test
    void theDeploymentWalkthroughRunsAsWrittenAndRedisHoldsTheReplaysAlerts() throws Exception {
        for (String tool : List.of("kcat", "jq", "redis-server", "redis-cli")) {
            assertThat(onPath(tool))
                    .as(
                            "%s is needed by the walkthrough: apt-get install -y kcat jq redis-server "
                                    + "(.ci/run installs them)",
                            tool)
                    .isTrue();
        }
        List<String> blocks = walkthroughBlocks(Files.readString(REPO.resolve("docs/deployment.md")));
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
        assertThat(blocks.get(blocks.size() - 1)).contains("bin/riskwatch stack down");

        Path fromFiles = dir.resolve("alerts.jsonl");
        Path deadFromFiles = dir.resolve("dead.jsonl");
        ReplayJob.run(new ReplayJob.Request(
                List.of(REPO.resolve("samples/trading-day").toString()),
                ConfigLoader.defaults(),
                RuleCatalog.RULES.ids(),
                2,
                fromFiles,
                deadFromFiles));
        Set<String> expected = new TreeSet<>();
        for (String line : Files.readAllLines(fromFiles)) {
            expected.add(JSON.readTree(line).get("alertId").asText());
        }
        Map<String, Integer> expectedDead = new TreeMap<>();
        for (String line : Files.readAllLines(deadFromFiles)) {
            String reason = JSON.readTree(line).get("reason").asText();
            if (!reason.equals("late_event")) { // lateness is per partition in Kafka: see the page
                expectedDead.merge(reason, 1, Integer::sum);
            }
        }

        Files.deleteIfExists(LOG);
        try {
            int rc = bash(String.join("\n", blocks.subList(0, blocks.size() - 1)), Duration.ofMinutes(8));
            assertThat(rc).as("walkthrough exit code; its output: %s", LOG).isZero();

            RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                Set<String> stored = new TreeSet<>();
                List<StreamMessage<String, String>> entries =
                        c.sync().xrange("riskwatch:alerts", Range.create("-", "+"));
                for (StreamMessage<String, String> m : entries) {
                    stored.add(m.getBody().get("alertId"));
                }
                assertThat(entries).hasSameSizeAs(expected);
                assertThat(stored).isEqualTo(expected);
            } finally {
                client.shutdown();
            }
            assertThat(deadLetterReasons()).isEqualTo(expectedDead);
        } finally {
            int rc = bash(blocks.get(blocks.size() - 1), Duration.ofMinutes(3));
            assertThat(rc).as("stack down exit code; its output: %s", LOG).isZero();
        }
        assertThat(bash("bin/riskwatch stack status", Duration.ofMinutes(1)))
                .as("status after down")
                .isEqualTo(3);
        assertThat(Files.readString(LOG))
                .contains(
                        "riskwatch stack: up in",
                        "Job has been submitted with JobID",
                        "taskmanager stopped",
                        "kafka stopped");
    }

    private Map<String, Integer> deadLetterReasons() throws IOException {
        Map<String, Integer> reasons = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                        ConsumerConfig.GROUP_ID_CONFIG, "walkthrough-check",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("riskwatch.dead-letters"));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    reasons.merge(JSON.readTree(r.value()).get("reason").asText(), 1, Integer::sum);
                }
            }
        }
        return reasons;
    }

    /** Runs {@code script} with bash -euo pipefail from the repository's root; output appended to the log. */
    private static int bash(String script, Duration limit) throws Exception {
        Files.createDirectories(LOG.getParent());
        Files.writeString(
                LOG,
                "\n$ " + script.replace("\n", "\n$ ") + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
        pb.environment()
                .put(
                        "RISKWATCH_STACK_DIR",
                        Path.of("target/walkthrough-stack").toAbsolutePath().toString());
        Process p = pb.start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("not done within " + limit + ": " + LOG);
        }
        return p.exitValue();
    }

    private static boolean onPath(String tool) throws Exception {
        return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
