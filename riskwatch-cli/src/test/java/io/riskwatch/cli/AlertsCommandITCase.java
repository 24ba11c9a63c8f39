package io.riskwatch.cli;

import static io.riskwatch.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.testing.CliRun;
import io.riskwatch.testing.LocalRedis;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riskwatch alerts ...} against a real Redis filled by {@code replay --redis}. */
class AlertsCommandITCase {
    private static LocalRedis server;
    private static String uri;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        int port;
        server = LocalRedis.start();
        port = server.port();
        uri = "redis://127.0.0.1:" + port + "/0";
        CliRun r = run(
                "replay",
                "--redis",
                uri,
                "--redis-prefix",
                "cli",
                "--alerts",
                dir.resolve("a.jsonl").toString(),
                "../samples/trading-day");
        assertThat(r.code()).as(r.err()).isZero();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void listAckShowCloseAndARefusal() {
        CliRun list = run("alerts", "list", "--redis", uri, "--redis-prefix", "cli", "--rule", "PRICE_DEVIATION");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("HIGH", "OPEN", "PRICE_DEVIATION", "C00013", "1 alert(s)");
        String id = list.out()
                .lines()
                .filter(l -> l.contains("PRICE_DEVIATION-"))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*(PRICE_DEVIATION-[0-9a-f]{16}).*", "$1");

        CliRun ack = run("alerts", "ack", id, "--by", "alice", "--redis", uri, "--redis-prefix", "cli");
        assertThat(ack.out()).contains(id + ": OPEN -> ACKED by alice");
        CliRun close = run(
                "alerts",
                "close",
                id,
                "--by",
                "alice",
                "--outcome",
                "confirmed",
                "--comment",
                "called the client",
                "--redis",
                uri,
                "--redis-prefix",
                "cli");
        assertThat(close.out()).contains("ACKED -> CLOSED (confirmed) by alice");
        CliRun show = run("alerts", "show", id, "--redis", uri, "--redis-prefix", "cli");
        assertThat(show.out())
                .contains(
                        "status       CLOSED",
                        "outcome      CONFIRMED",
                        "ack by alice: OPEN -> ACKED",
                        "close by alice: ACKED -> CLOSED (called the client)");

        CliRun again = run(
                "alerts", "close", id, "--by", "bob", "--outcome", "noted", "--redis", uri, "--redis-prefix", "cli");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err().strip()).hasLineCount(1).contains("already CLOSED (by alice)");
        CliRun badOutcome = run("alerts", "close", id, "--by", "bob", "--outcome", "maybe", "--redis", uri);
        assertThat(badOutcome.code()).isEqualTo(2);
        assertThat(badOutcome.err()).contains("--outcome must be confirmed, false_positive or noted");
    }
}
