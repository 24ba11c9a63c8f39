package io.riskwatch.cli;

import static io.riskwatch.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.testing.CliRun;
import io.riskwatch.testing.LocalRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riskwatch cases ...} on the sample day replayed into a real Redis. */
class CasesCommandITCase {
    private static LocalRedis server;
    private static String uri;

    @TempDir
    static Path dir;

    private static List<JsonNode> alerts;

    @BeforeAll
    static void replay() throws IOException {
        server = LocalRedis.start();
        uri = "redis://127.0.0.1:" + server.port() + "/0";
        Path file = dir.resolve("alerts.jsonl");
        CliRun r = run(
                "replay",
                "--redis",
                uri,
                "--redis-prefix",
                "ctest",
                "--alerts",
                file.toString(),
                "../samples/trading-day");
        assertThat(r.code()).as(r.err()).isZero();
        try (Stream<String> lines = Files.lines(file)) {
            alerts = lines.map(CasesCommandITCase::read).toList();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void anOfficerWorksASampleClientsCaseFromTheCommandLine() throws Exception {
        // expected from the alerts file alone: one case per client with a RISK alert, holding those alerts
        Map<String, List<String>> riskAlertsByClient = new TreeMap<>();
        for (JsonNode a : alerts) {
            if (a.get("audience").asText().equals("RISK")) {
                riskAlertsByClient
                        .computeIfAbsent(a.get("clientId").asText(), k -> new ArrayList<>())
                        .add(a.get("alertId").asText());
            }
        }
        CliRun list =
                run("cases", "list", "--redis", uri, "--redis-prefix", "ctest", "--status", "ANY", "--limit", "1000");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(riskAlertsByClient.size() + " case(s)");

        String client = riskAlertsByClient.entrySet().stream()
                .max(Map.Entry.comparingByValue((x, y) -> Integer.compare(x.size(), y.size())))
                .orElseThrow()
                .getKey();
        String caseId = "CASE-" + client + "-1";
        CliRun show = run("cases", "show", caseId, "--redis", uri, "--redis-prefix", "ctest");
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains(riskAlertsByClient.get(client).toArray(String[]::new));
        assertThat(show.out()).contains("version      1");

        assertThat(run(
                                "cases",
                                "assign",
                                caseId,
                                "--to",
                                "li.risk",
                                "--by",
                                "li.risk",
                                "--version",
                                "1",
                                "--redis",
                                uri,
                                "--redis-prefix",
                                "ctest")
                        .code())
                .isZero();
        CliRun stale = run(
                "cases",
                "move",
                caseId,
                "--to",
                "ESCALATED",
                "--by",
                "wang.risk",
                "--version",
                "1",
                "--redis",
                uri,
                "--redis-prefix",
                "ctest");
        assertThat(stale.code()).isEqualTo(2);
        assertThat(stale.err().strip())
                .isEqualTo("riskwatch: case " + caseId + " changed since version 1: it is now OPEN (version 2)");
        assertThat(run(
                                "cases",
                                "move",
                                caseId,
                                "--to",
                                "ESCALATED",
                                "--by",
                                "wang.risk",
                                "--version",
                                "2",
                                "--redis",
                                uri,
                                "--redis-prefix",
                                "ctest")
                        .code())
                .isZero();
        assertThat(run(
                                "cases",
                                "note",
                                caseId,
                                "bank statements requested",
                                "--by",
                                "wang.risk",
                                "--redis",
                                uri,
                                "--redis-prefix",
                                "ctest")
                        .code())
                .isZero();
        CliRun close = run(
                "cases",
                "close",
                caseId,
                "--disposition",
                "reported",
                "--by",
                "wang.risk",
                "--comment",
                "STR filed",
                "--redis",
                uri,
                "--redis-prefix",
                "ctest");
        assertThat(close.code()).as(close.err()).isZero();
        assertThat(close.out()).contains("-> CLOSED (reported) by wang.risk");

        RedisClient redisClient = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = redisClient.connect()) {
            RedisCommands<String, String> redis = c.sync();
            for (String id : riskAlertsByClient.get(client)) {
                assertThat(redis.hgetall("ctest:alert:" + id))
                        .containsEntry("status", "CLOSED")
                        .containsEntry("outcome", "REPORTED")
                        .containsEntry("caseId", caseId);
            }
            assertThat(redis.xlen("ctest:case:" + caseId + ":audit"))
                    .isEqualTo(1 + (riskAlertsByClient.get(client).size() - 1) + 4);
        } finally {
            redisClient.shutdown();
        }

        Path report = dir.resolve("report/" + caseId + ".html");
        CliRun r =
                run("cases", "report", caseId, "--out", report.toString(), "--redis", uri, "--redis-prefix", "ctest");
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(report);
        assertThat(html).contains("<h1>Case " + caseId + "</h1>", "bank statements requested", "STR filed", "reported");
        for (JsonNode a : alerts) {
            if (riskAlertsByClient.get(client).contains(a.get("alertId").asText())) {
                for (JsonNode e : a.get("evidenceEvents")) {
                    assertThat(html).contains(e.get("eventId").asText());
                }
            }
        }
        assertThat(html).doesNotContain("<script");

        CliRun unknown = run(
                "cases",
                "move",
                "CASE-NOBODY-1",
                "--to",
                "ESCALATED",
                "--by",
                "x",
                "--redis",
                uri,
                "--redis-prefix",
                "ctest");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("riskwatch: no case CASE-NOBODY-1");
        CliRun closed = run(
                "cases",
                "move",
                caseId,
                "--to",
                "INVESTIGATING",
                "--by",
                "x",
                "--redis",
                uri,
                "--redis-prefix",
                "ctest");
        assertThat(closed.code()).isEqualTo(2);
        assertThat(closed.err()).contains("is CLOSED (reported)");
    }

    private static JsonNode read(String line) {
        try {
            return AlertJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
