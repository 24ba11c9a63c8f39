package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.config.RunawayGuardSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.suppress.RunawayGuard;
import io.riskwatch.testing.LocalRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runaway-rule guard over the sample day, with a guard tight enough to trip (at least 3 alerts of a rule in
 * 60 min, over 2 x its baseline): nothing is lost (delivered + held = the unguarded run's alerts), held alerts are
 * neither in the alerts file nor in Redis's alerts stream but in the suppressed file and Redis's held-back keys,
 * each episode raises one RUNAWAY_RULE alert, and the outcome is the same at parallelism 1 and 2.
 */
class RunawayGuardITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLE = "../samples/trading-day";

    @TempDir
    Path dir;

    private List<JsonNode> replay(JobSettings settings, int parallelism, String name, ReplayJob.RedisTarget redis)
            throws Exception {
        Path alerts = dir.resolve(name + "/alerts.jsonl");
        ReplayJob.run(new ReplayJob.Request(
                List.of(SAMPLE),
                settings,
                RuleCatalog.RULES.ids(),
                parallelism,
                alerts,
                alerts.resolveSibling("dead.jsonl"),
                alerts.resolveSibling("suppressed.jsonl"),
                redis,
                null));
        return read(alerts);
    }

    private static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static Set<String> ids(List<JsonNode> alerts) {
        Set<String> ids = new HashSet<>();
        alerts.forEach(a -> ids.add(a.get("alertId").asText()));
        return ids;
    }

    @Test
    void aRunawayRuleIsHeldBackLosslesslyWithOneNoticePerEpisodeAtAnyParallelism() throws Exception {
        JobSettings defaults = ConfigLoader.defaults();
        List<JsonNode> unguarded =
                replay(defaults.withRunawayGuard(defaults.runawayGuard().withEnabled(false)), 2, "off", null);
        // the default guard (100 alerts in 10 min) never trips on the sample day
        assertThat(ids(replay(defaults, 2, "default", null))).isEqualTo(ids(unguarded));

        LocalRedis server = LocalRedis.start();
        int port = server.port();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            JobSettings tight = defaults.withRunawayGuard(
                    new RunawayGuardSettings(true, 60 * 60_000L, 24 * 60 * 60_000L, 2, 3, List.of()));
            List<JsonNode> guarded =
                    replay(tight, 2, "tight", new ReplayJob.RedisTarget("redis://127.0.0.1:" + port + "/0", "guard"));
            List<JsonNode> suppressed = read(dir.resolve("tight/suppressed.jsonl"));

            List<JsonNode> notices = guarded.stream()
                    .filter(a -> a.get("rule").asText().equals(RunawayGuard.ID))
                    .toList();
            List<JsonNode> delivered = guarded.stream()
                    .filter(a -> !a.get("rule").asText().equals(RunawayGuard.ID))
                    .toList();
            List<JsonNode> held = suppressed.stream()
                    .filter(a -> a.get("suppressed").asText().equals("runaway"))
                    .toList();
            assertThat(held).as("the tight guard trips on the sample day").isNotEmpty();
            assertThat(notices).isNotEmpty().hasSizeLessThanOrEqualTo(held.size());

            // nothing lost, nothing twice: delivered + held = the unguarded alerts
            Set<String> union = new HashSet<>(ids(delivered));
            union.addAll(ids(held));
            assertThat(union).isEqualTo(ids(unguarded));
            assertThat(ids(delivered)).doesNotContainAnyElementsOf(ids(held));

            // each notice names a held rule and the first alert it held, for the risk desk
            for (JsonNode n : notices) {
                assertThat(n.get("audience").asText()).isEqualTo("RISK");
                assertThat(n.get("severity").asText()).isEqualTo("HIGH");
                JsonNode m = n.get("metrics");
                assertThat(ids(held)).contains(m.get("firstHeldAlertId").asText());
                assertThat(m.get("alertsInWindow").asLong()).isGreaterThanOrEqualTo(3);
            }

            // Redis: the inbox stream has the delivered alerts and the notices, the held-back keys the held ones
            RedisCommands<String, String> redis = c.sync();
            Set<String> stream = new HashSet<>();
            for (StreamMessage<String, String> e : redis.xrange("guard:alerts", Range.create("-", "+"))) {
                stream.add(e.getBody().get("alertId"));
            }
            assertThat(stream).isEqualTo(ids(guarded));
            assertThat(redis.hkeys("guard:heldback")).containsExactlyInAnyOrderElementsOf(ids(held));
            assertThat(redis.zcard("guard:heldback:ts")).isEqualTo(held.size());
            String one = held.get(0).get("alertId").asText();
            assertThat(JSON.readTree(redis.hget("guard:heldback", one))
                            .get("suppressed")
                            .asText())
                    .isEqualTo("runaway");

            // the same at parallelism 1, byte for byte
            replay(tight, 1, "tight-p1", null);
            assertThat(Files.readAllLines(dir.resolve("tight-p1/alerts.jsonl")))
                    .isEqualTo(Files.readAllLines(dir.resolve("tight/alerts.jsonl")));
            assertThat(Files.readAllLines(dir.resolve("tight-p1/suppressed.jsonl")))
                    .isEqualTo(Files.readAllLines(dir.resolve("tight/suppressed.jsonl")));
        } finally {
            client.shutdown();
            server.close();
        }
    }
}
