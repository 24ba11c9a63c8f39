package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.HoldingTurningPointRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out of one turning point to thousands of holders on a MiniCluster: every heavy holder warned once,
 * no light holder, the same alerts at parallelism 1 and 2.
 */
class TurningPointFanOutITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4000;

    @TempDir
    Path dir;

    @Test
    void everyHeavyHolderOnceNoLightHolderIdenticalAtParallelismOneAndTwo() throws Exception {
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        List<String> reference = new ArrayList<>();
        List<String> quotes = new ArrayList<>();
        Set<String> heavy = new HashSet<>();
        for (int i = 0; i < CLIENTS; i++) {
            String c = String.format("H%05d", i);
            String t = "2026-11-20T09:00:00.000+08:00";
            reference.add("{\"type\":\"client\",\"eventId\":\"c-" + c + "\",\"ts\":\"" + t + "\",\"clientId\":\"" + c
                    + "\",\"brokerId\":\"B" + (i % 40) + "\"}");
            reference.add("{\"type\":\"position\",\"eventId\":\"p-" + c + "\",\"ts\":\"" + t + "\",\"clientId\":\"" + c
                    + "\",\"symbol\":\"600519.SH\",\"quantity\":1000,\"avgCost\":100}");
            // at 95.00 the holding is 95,000: with 200,000 cash 32.2 % (heavy), with 230,000 cash 29.2 % (light)
            boolean isHeavy = i % 3 != 0;
            reference.add("{\"type\":\"cash\",\"eventId\":\"k-" + c + "\",\"ts\":\"" + t + "\",\"clientId\":\"" + c
                    + "\",\"balance\":" + (isHeavy ? "200000" : "230000") + "}");
            if (isHeavy) {
                heavy.add(c);
            }
        }
        quotes.add("{\"type\":\"quote\",\"eventId\":\"q-1\",\"ts\":\"2026-11-20T09:30:00.000+08:00\","
                + "\"symbol\":\"600519.SH\",\"price\":100.00}");
        quotes.add("{\"type\":\"quote\",\"eventId\":\"q-2\",\"ts\":\"2026-11-20T09:45:00.000+08:00\","
                + "\"symbol\":\"600519.SH\",\"price\":97.00}");
        quotes.add("{\"type\":\"quote\",\"eventId\":\"q-3\",\"ts\":\"2026-11-20T10:00:00.000+08:00\","
                + "\"symbol\":\"600519.SH\",\"price\":95.00}");
        quotes.add("{\"type\":\"quote\",\"eventId\":\"q-4\",\"ts\":\"2026-11-20T10:15:00.000+08:00\","
                + "\"symbol\":\"600519.SH\",\"price\":94.00}");
        Files.write(input.resolve("reference.jsonl"), reference);
        Files.write(input.resolve("quotes.jsonl"), quotes);

        String p2 = replay(input, 2);
        String p1 = replay(input, 1);
        assertThat(p1).isEqualTo(p2);

        List<String> warned = new ArrayList<>();
        for (String line : p2.split("\n")) {
            JsonNode a = JSON.readTree(line);
            assertThat(a.get("rule").asText()).isEqualTo(HoldingTurningPointRule.ID);
            assertThat(a.get("evidence").toString()).isEqualTo("[\"q-1\",\"q-3\"]");
            assertThat(a.get("audience").asText()).isEqualTo("BROKER");
            assertThat(a.get("brokerId").asText()).startsWith("B");
            warned.add(a.get("clientId").asText());
        }
        assertThat(warned).hasSize(heavy.size()).containsExactlyInAnyOrderElementsOf(heavy);
    }

    private String replay(Path input, int parallelism) throws Exception {
        Path alerts = dir.resolve("p" + parallelism).resolve("alerts.jsonl");
        ReplayJob.Result r = ReplayJob.run(new ReplayJob.Request(
                List.of(input.toString()),
                ConfigLoader.defaults(),
                Set.of(HoldingTurningPointRule.ID),
                parallelism,
                alerts,
                alerts.resolveSibling("dead.jsonl")));
        assertThat(r.balanced()).isTrue();
        assertThat(r.deadLettered()).isZero();
        return Files.readString(alerts).strip();
    }
}
