package io.riskwatch.cli;

import static io.riskwatch.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.testing.CliRun;
import io.riskwatch.testing.LocalRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A proposal with its backtest attached, then rejected under four eyes (no Kafka needed: nothing is published). */
class RulesProposalITCase {
    private static LocalRedis server;
    private static String uri;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = LocalRedis.start();
        uri = "redis://127.0.0.1:" + server.port() + "/0";
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void aProposalCarriesItsBacktestAndIsRejectedBySomeoneElse() throws Exception {
        Path users = dir.resolve("users.yaml");
        Files.writeString(
                users,
                "trustedHeader: X-Forwarded-User\nusers:\n  - {name: li.risk, role: RISK}\n"
                        + "  - {name: sun.admin, role: RISK_ADMIN}\n");
        CliRun proposed = run(
                "rules",
                "propose",
                "--by",
                "li.risk",
                "--comment",
                "try the candidate",
                "--in-force",
                "../config/rules.yaml",
                "--backtest",
                "../samples/trading-day",
                "--redis",
                uri,
                "--redis-prefix",
                "gtest",
                "../samples/backtest/rules-candidate.yaml");
        assertThat(proposed.code()).as(proposed.err()).isZero();
        assertThat(proposed.out())
                .contains("P-1: version 2026.11.21-candidate proposed by li.risk against 2026.11.21-1, 5 setting(s) "
                        + "changed")
                .contains("backtest report attached");

        // the report attached is the backtest of the same files, as checked in under docs/backtest
        String shipped = Files.readString(Path.of("../docs/backtest/report.md"));
        String alertsLine = shipped.lines()
                .filter(l -> l.startsWith("- Alerts:"))
                .findFirst()
                .orElseThrow();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            Map<String, String> p = redis.hgetall("gtest:rules:proposal:P-1");
            assertThat(p)
                    .containsEntry("state", "PENDING")
                    .containsEntry("proposedBy", "li.risk")
                    .containsEntry("baseVersion", "2026.11.21-1");
            assertThat(p.get("backtest"))
                    .contains(alertsLine, "| `LARGE_TRANSFER.threshold.STANDARD` | 500000 | 300000 |");
            assertThat(p.get("backtestHtml")).startsWith("<!DOCTYPE html>").doesNotContain("riskwatch-proposal-");

            CliRun show = run("rules", "show", "P-1", "--redis", uri, "--redis-prefix", "gtest");
            assertThat(show.out())
                    .contains("backtest         " + alertsLine.substring(2))
                    .contains("changed          LARGE_TRANSFER.threshold.STANDARD: 500000 -> 300000");

            String[] decide = {"--users", users.toString(), "--redis", uri, "--redis-prefix", "gtest"};
            CliRun self =
                    run(concat(new String[] {"rules", "reject", "P-1", "--by", "li.risk", "--comment", "x"}, decide));
            assertThat(self.code()).isEqualTo(2);
            assertThat(self.err().strip())
                    .isEqualTo("riskwatch: li.risk may not reject rule changes (role RISK; a RISK_ADMIN does)");
            CliRun rejected = run(concat(
                    new String[] {"rules", "reject", "P-1", "--by", "sun.admin", "--comment", "too many new alerts"},
                    decide));
            assertThat(rejected.code()).as(rejected.err()).isZero();
            CliRun again = run(concat(
                    new String[] {"rules", "approve", "P-1", "--by", "sun.admin", "--kafka", "127.0.0.1:1"}, decide));
            assertThat(again.code()).isEqualTo(2);
            assertThat(again.err().strip()).isEqualTo("riskwatch: proposal P-1 is REJECTED (by sun.admin)");

            assertThat(run("rules", "list", "--redis", uri, "--redis-prefix", "gtest")
                            .out())
                    .contains("P-1    REJECTED")
                    .contains("1 proposal(s)");
            List<String> trail = redis.xrange("gtest:rules:audit", Range.create("-", "+")).stream()
                    .map(m -> m.getBody().get("action") + " " + m.getBody().get("by") + " "
                            + m.getBody().get("comment"))
                    .toList();
            assertThat(trail)
                    .containsExactly("propose li.risk try the candidate", "reject sun.admin too many new alerts");
        } finally {
            client.shutdown();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
