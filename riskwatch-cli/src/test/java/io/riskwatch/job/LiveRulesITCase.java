package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.cli.Riskwatch;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.control.RulesPublisher;
import io.riskwatch.detect.ExcessiveChurningRule;
import io.riskwatch.detect.LargeTransferRule;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.detect.StructuringRule;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live rule change mid-stream, under four eyes: the job runs the sample day's morning on the shipped rules
 * (version 1); li.risk proposes version 2 (LARGE_TRANSFER from 150,000 CNY for STANDARD clients) and another
 * version; approving one's own proposal, approving without the RISK_ADMIN role and approving the second after the
 * first came into force are refused; wang.admin approves version 2, which publishes it in force from 11:30. Then a
 * file that breaks the schema, and version 2 again with other settings published without approval. The two bad ones
 * are rejected with their reasons in the rules-status key and change nothing; from 11:30 every alert carries
 * version 2 and LARGE_TRANSFER fires exactly where a replay with version 2 fires.
 */
class LiveRulesITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUT = "11:30";
    private static final String V1 = "2026.11.21-1";
    private static final String V2 = "2026.11.21-2";

    @TempDir
    Path dir;

    @Test
    void aPublishedVersionAppliesFromItsEffectiveTimeAndInvalidOnesChangeNothing() throws Exception {
        String shipped = Files.readString(Path.of("../config/rules.yaml"));
        assertThat(shipped).contains("version: \"" + V1 + "\"").contains("      STANDARD: 500000\n");
        Path v2 = dir.resolve("rules-v2.yaml");
        Files.writeString(
                v2,
                shipped.replace("version: \"" + V1 + "\"", "version: \"" + V2 + "\"")
                        .replaceFirst("      STANDARD: 500000\n", "      STANDARD: 150000\n"));
        Path broken = dir.resolve("rules-broken.yaml");
        Files.writeString(
                broken,
                shipped.replace("version: \"" + V1 + "\"", "version: \"2026.11.21-3\"")
                        .replaceFirst("      STANDARD: 500000\n", "      STANDARD: lots\n"));
        Path reused = dir.resolve("rules-v2-other.yaml");
        Files.writeString(
                reused, Files.readString(v2).replaceFirst("      STANDARD: 150000\n", "      STANDARD: 100000\n"));

        long cut = OffsetDateTime.parse("2026-11-20T" + CUT + ":00+08:00")
                .toInstant()
                .toEpochMilli();
        List<JsonNode> baseline = replay(null, "v1");
        List<JsonNode> withV2 = replay(v2, "v2");

        LocalRedis redisServer = LocalRedis.start();
        int redisPort = redisServer.port();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (InProcessKafka kafka = new InProcessKafka();
                StatefulRedisConnection<String, String> c = client.connect();
                KafkaProducer<String, byte[]> producer = kafka.producer()) {
            kafka.createTopics(KafkaInput.DEFAULT_TOPICS, LiveFeed.PARTITIONS);
            kafka.createTopics(List.of("riskwatch.dead-letters", "riskwatch.rules"), 1);
            RedisCommands<String, String> redis = c.sync();
            JobSettings defaults = ConfigLoader.defaults();
            JobSettings settings = defaults.withKafka(defaults.kafka().withBootstrapServers(kafka.bootstrapServers()))
                    .withIdlenessMillis(Duration.ofMinutes(10).toMillis());
            StreamExecutionEnvironment env = JobEnvironment.live(2, settings.kafka());
            JobClient job = LiveJobs.start(env, settings, redisPort, "rw", "riskwatch live (rule change)");
            try {
                List<List<ProducerRecord<String, byte[]>>> parts =
                        LiveFeed.sampleDayInParts(Path.of("../samples/trading-day"), CUT);
                parts.get(0).forEach(producer::send);
                producer.flush();
                long morning = baseline.stream().filter(a -> ts(a) < cut).count();
                LiveFeed.waitFor(Duration.ofSeconds(90), () -> redis.xlen("rw:alerts") >= morning);

                String effective = "2026-11-20T" + CUT + ":00+08:00";
                String uri = "redis://127.0.0.1:" + redisPort + "/0";
                Path users = dir.resolve("users.yaml");
                Files.writeString(
                        users,
                        "trustedHeader: X-Forwarded-User\nusers:\n  - {name: li.risk, role: RISK_ADMIN}\n"
                                + "  - {name: chen.risk, role: RISK}\n  - {name: wang.admin, role: RISK_ADMIN}\n");
                Path other = dir.resolve("rules-v4.yaml");
                Files.writeString(other, Files.readString(v2).replace(V2, "2026.11.21-4"));
                assertThat(cli(
                                "rules",
                                "propose",
                                "--by",
                                "li.risk",
                                "--comment",
                                "STANDARD from 150k",
                                "--in-force",
                                "../config/rules.yaml",
                                "--redis",
                                uri,
                                "--redis-prefix",
                                "rw",
                                v2.toString()))
                        .contains(
                                "P-1: version " + V2 + " proposed by li.risk against " + V1 + ", 2 setting(s) changed")
                        .contains("LARGE_TRANSFER.threshold.STANDARD: 500000 -> 150000");
                assertThat(cli(
                                "rules",
                                "propose",
                                "--by",
                                "li.risk",
                                "--in-force",
                                "../config/rules.yaml",
                                "--redis",
                                uri,
                                "--redis-prefix",
                                "rw",
                                other.toString()))
                        .contains("P-2: version 2026.11.21-4");
                String[] approveBy = {
                    "--users",
                    users.toString(),
                    "--redis",
                    uri,
                    "--redis-prefix",
                    "rw",
                    "--kafka",
                    kafka.bootstrapServers(),
                    "--effective-from",
                    effective
                };
                assertThat(cli(concat(new String[] {"rules", "approve", "P-1", "--by", "li.risk"}, approveBy)))
                        .isEqualTo("riskwatch: li.risk proposed P-1: someone else must approve it\n");
                assertThat(cli(concat(new String[] {"rules", "approve", "P-1", "--by", "chen.risk"}, approveBy)))
                        .isEqualTo("riskwatch: chen.risk may not approve rule changes (role RISK; a RISK_ADMIN "
                                + "does)\n");
                assertThat(cli(concat(new String[] {"rules", "approve", "P-1", "--by", "wang.admin"}, approveBy)))
                        .contains("P-1: version " + V2 + " approved by wang.admin")
                        .contains("published version " + V2);
                assertThat(cli(concat(new String[] {"rules", "approve", "P-2", "--by", "wang.admin"}, approveBy)))
                        .isEqualTo("riskwatch: proposal P-2 was made against version " + V1 + ", but version " + V2
                                + " is in force now: propose it again against that\n");
                assertThat(cli(concat(new String[] {"rules", "approve", "P-9", "--by", "wang.admin"}, approveBy)))
                        .isEqualTo("riskwatch: no proposal P-9\n");
                LiveFeed.waitFor(Duration.ofSeconds(60), () -> V2.equals(redis.hget("rw:rules:status", "current")));
                // the CLI refuses a broken file itself; the job must refuse one published behind its back too
                assertThat(cli("rules", "check", broken.toString())).contains("STANDARD");
                RulesPublisherHelper.publishRaw(kafka.bootstrapServers(), "2026.11.21-3", Files.readString(broken));
                LiveFeed.waitFor(
                        Duration.ofSeconds(60),
                        () -> "2026.11.21-3".equals(redis.hget("rw:rules:status", "lastRejected")));
                assertThat(redis.hget("rw:rules:status", "lastRejectedReason"))
                        .contains("$.rules.LARGE_TRANSFER.threshold.STANDARD");
                assertThat(cli("rules", "publish", "--kafka", kafka.bootstrapServers(), reused.toString()))
                        .startsWith("riskwatch: rule changes need four eyes");
                cli(
                        "rules",
                        "publish",
                        "--without-approval",
                        "--by",
                        "ops.oncall",
                        "--comment",
                        "incident drill",
                        "--redis",
                        uri,
                        "--redis-prefix",
                        "rw",
                        "--kafka",
                        kafka.bootstrapServers(),
                        "--effective-from",
                        effective,
                        reused.toString());
                LiveFeed.waitFor(
                        Duration.ofSeconds(60),
                        () -> redis.hget("rw:rules:status", "lastRejectedReason")
                                .contains("already published with other settings"));
                assertThat(redis.hget("rw:rules:status", "current")).isEqualTo(V2);
                assertThat(redis.hlen("rw:rules:history")).isEqualTo(3);
                // every step in the audit trail, the refused ones not at all
                assertThat(redis.xrange("rw:rules:audit", Range.create("-", "+")).stream()
                                .map(m -> m.getBody().get("action") + " "
                                        + m.getBody().get("by") + " "
                                        + m.getBody().getOrDefault("proposal", "-"))
                                .toList())
                        .containsExactly(
                                "propose li.risk P-1",
                                "propose li.risk P-2",
                                "approve wang.admin P-1",
                                "publish wang.admin P-1",
                                "publish-without-approval ops.oncall -");
                assertThat(redis.hgetall("rw:rules:proposal:P-1"))
                        .containsEntry("state", "APPROVED")
                        .containsEntry("decidedBy", "wang.admin")
                        .containsEntry("baseVersion", V1);
                assertThat(redis.hget("rw:rules:proposal:P-2", "state")).isEqualTo("PENDING");
                assertThat(redis.hget("rw:rules:inforce", "version")).isEqualTo(V2);

                parts.get(1).forEach(producer::send);
                producer.flush();
                long expectedTotal =
                        morning + withV2.stream().filter(a -> ts(a) >= cut).count();
                LiveFeed.waitFor(Duration.ofSeconds(90), () -> redis.xlen("rw:alerts") >= expectedTotal);
                Thread.sleep(1500); // anything extra would show up now
            } finally {
                job.cancel().get();
            }

            List<JsonNode> live = new ArrayList<>();
            for (var m : redis.xrange("rw:alerts", Range.create("-", "+"))) {
                live.add(JSON.readTree(m.getBody().get("json")));
            }
            assertThat(live)
                    .filteredOn(a -> ts(a) < cut)
                    .allSatisfy(a -> assertThat(a.get("ruleVersion").asText()).startsWith(V1 + "#"));
            // the sequence rules (EXCESSIVE_CHURNING, STRUCTURING) are CEP patterns and the group rules run in the
            // group operator, both built at start: they keep the version they started with (a change of their
            // settings needs a restart, and the status says so)
            Predicate<JsonNode> sequence = a -> rule(a, ExcessiveChurningRule.ID)
                    || rule(a, StructuringRule.ID)
                    || RuleCatalog.RULES.get(a.get("rule").asText()).group() != null;
            assertThat(live)
                    .filteredOn(a -> ts(a) >= cut && !sequence.test(a))
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a.get("ruleVersion").asText()).startsWith(V2 + "#"));
            assertThat(live)
                    .filteredOn(sequence)
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a.get("ruleVersion").asText()).startsWith(V1 + "#"));
            assertThat(ids(live, a -> ts(a) < cut)).isEqualTo(ids(baseline, a -> ts(a) < cut));
            // LARGE_TRANSFER is stateless: from 11:30 exactly where version 2 fires, which is more than version 1
            Set<String> largeAfter = ids(live, a -> ts(a) >= cut && rule(a, LargeTransferRule.ID));
            assertThat(largeAfter)
                    .isEqualTo(ids(withV2, a -> ts(a) >= cut && rule(a, LargeTransferRule.ID)))
                    .hasSizeGreaterThan(ids(baseline, a -> ts(a) >= cut && rule(a, LargeTransferRule.ID))
                            .size());
            // rules whose settings did not change (and that do not use the LARGE_TRANSFER threshold) fire as before
            Predicate<JsonNode> others =
                    a -> ts(a) >= cut && !rule(a, LargeTransferRule.ID) && !rule(a, StructuringRule.ID);
            assertThat(ids(live, others)).isEqualTo(ids(baseline, others));
        } finally {
            client.shutdown();
            redisServer.close();
        }
    }

    private List<JsonNode> replay(Path rulesFile, String name) throws Exception {
        Path alerts = dir.resolve(name).resolve("alerts.jsonl");
        ReplayJob.run(new ReplayJob.Request(
                List.of("../samples/trading-day"),
                ConfigLoader.load(null, rulesFile),
                RuleCatalog.RULES.ids(),
                2,
                alerts,
                alerts.resolveSibling("dead.jsonl")));
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(alerts)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static long ts(JsonNode alert) {
        return OffsetDateTime.parse(alert.get("ts").asText()).toInstant().toEpochMilli();
    }

    private static boolean rule(JsonNode alert, String id) {
        return alert.get("rule").asText().equals(id);
    }

    private static Set<String> ids(List<JsonNode> alerts, Predicate<JsonNode> which) {
        Set<String> out = new TreeSet<>();
        alerts.stream().filter(which).forEach(a -> out.add(a.get("alertId").asText()));
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Riskwatch.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return out + err.toString();
    }

    /** Publishes text the CLI would refuse, as a careless producer could. */
    static final class RulesPublisherHelper {
        static void publishRaw(String bootstrap, String version, String text) throws Exception {
            RulesPublisher.publish(bootstrap, Map.of(), "riskwatch.rules", version, text, null);
        }
    }
}
