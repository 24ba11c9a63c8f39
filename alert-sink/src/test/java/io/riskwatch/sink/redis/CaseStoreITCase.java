package io.riskwatch.sink.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** Cases against a real redis-server: how alerts gather, the lifecycle, its audit, and two officers at once. */
class CaseStoreITCase {
    private static RedisServer server;
    private static int port;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;
    private final RedisLayout layout = new RedisLayout("rwcase");

    @BeforeAll
    static void start() throws IOException {
        port = RedisAlertWriterITCase.freePort();
        server = new RedisServer(port);
        server.start();
        client = RedisClient.create("redis://127.0.0.1:" + port);
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stop() throws IOException {
        connection.close();
        client.shutdown();
        server.stop();
    }

    @BeforeEach
    void empty() {
        redis.flushall();
    }

    @Test
    void aClientsRiskAlertsGatherIntoItsOpenCaseAndClosingItClosesThem() throws Exception {
        write(
                alert("A1", Severity.MEDIUM, 1_000, "C1", Audience.RISK, "{\"cash\":1}"),
                alert("A2", Severity.HIGH, 3_000, "C1", Audience.RISK, "{\"cash\":3}"),
                alert("A3", Severity.CRITICAL, 2_000, "C1", Audience.BROKER, "{\"cash\":2}"),
                alert("B1", Severity.LOW, 1_500, "C2", Audience.RISK, null));

        try (CaseStore cases = store(Clock.systemUTC())) {
            assertThat(cases.openCaseOf("C1")).isEqualTo("CASE-C1-1");
            CaseStore.CaseDetail c = cases.show("CASE-C1-1");
            // the BROKER alert is the broker's warning, not a case
            assertThat(c.alerts()).extracting(AlertStore.StoredAlert::alertId).containsExactly("A1", "A2");
            assertThat(c.header().fields())
                    .containsEntry("status", "OPEN")
                    .containsEntry("severity", "HIGH")
                    .containsEntry("clientId", "C1")
                    .containsEntry("alerts", "2")
                    .containsEntry("version", "1");
            assertThat(redis.hget(layout.alert("A2"), "caseId")).isEqualTo("CASE-C1-1");
            assertThat(redis.hget(layout.alert("A3"), "caseId")).isNull();
            // the view of the client's latest alert (event time), whatever order they were written in
            assertThat(cases.clientView("C1"))
                    .containsEntry("json", "{\"cash\":3}")
                    .containsEntry("alertId", "A2");
            assertThat(cases.list("ACTIVE", null, 10))
                    .extracting(CaseStore.StoredCase::caseId)
                    .containsExactlyInAnyOrder("CASE-C1-1", "CASE-C2-1");

            String v = cases.assign("CASE-C1-1", "alice", "alice", "1", null);
            v = cases.move("CASE-C1-1", "INVESTIGATING", "alice", v, "looking at the bank statements");
            cases.note("CASE-C1-1", "alice", "the payer is the client's employer");
            v = cases.header("CASE-C1-1").version();
            v = cases.move("CASE-C1-1", "ESCALATED", "alice", v, null);
            cases.close("CASE-C1-1", CaseStore.Disposition.CONFIRMED, "bob", v, "reported to compliance");

            c = cases.show("CASE-C1-1");
            assertThat(c.header().fields())
                    .containsEntry("status", "CLOSED")
                    .containsEntry("disposition", "confirmed")
                    .containsEntry("assignee", "alice")
                    .containsEntry("closedBy", "bob");
            assertThat(c.audit())
                    .extracting(e -> e.get("action") + " " + e.get("by") + " " + e.get("from") + "->" + e.get("to"))
                    .containsExactly(
                            "open riskwatch ->OPEN",
                            "alert riskwatch null->null",
                            "assign alice OPEN->OPEN",
                            "move alice OPEN->INVESTIGATING",
                            "note alice INVESTIGATING->INVESTIGATING",
                            "move alice INVESTIGATING->ESCALATED",
                            "close bob ESCALATED->CLOSED");
            assertThat(c.audit()).allSatisfy(e -> assertThat(e.get("at")).isNotBlank());
            assertThat(c.notes()).extracting(n -> n.get("text")).containsExactly("the payer is the client's employer");
            // its alerts closed with the case's disposition, each audited
            for (String id : List.of("A1", "A2")) {
                assertThat(redis.hgetall(layout.alert(id)))
                        .containsEntry("status", "CLOSED")
                        .containsEntry("outcome", "CONFIRMED")
                        .containsEntry("closedBy", "bob");
                assertThat(redis.xrange(layout.audit(id), Range.create("-", "+")))
                        .hasSize(1);
            }
            assertThat(redis.zrange(layout.open(), 0, -1)).containsExactlyInAnyOrder("A3", "B1");
            assertThat(cases.openCaseOf("C1")).isNull();

            // closed is final; the client's next alert opens its next case
            assertThatThrownBy(() -> cases.move("CASE-C1-1", "INVESTIGATING", "alice", null, null))
                    .isInstanceOf(AlertStore.RefusedException.class)
                    .hasMessage("case CASE-C1-1 is CLOSED (confirmed)");
            write(alert("A4", Severity.LOW, 9_000, "C1", Audience.RISK, null));
            assertThat(cases.openCaseOf("C1")).isEqualTo("CASE-C1-2");
        }
    }

    @Test
    void twoOfficersMovingTheSameCaseAtOnce_oneWinsTheOtherIsTold() throws Exception {
        write(alert("A1", Severity.HIGH, 1_000, "C1", Audience.RISK, null));
        int rounds = 20;
        for (int round = 0; round < rounds; round++) {
            String caseId = "CASE-C1-" + (round + 1);
            String version;
            try (CaseStore cases = store(Clock.systemUTC())) {
                version = cases.header(caseId).version();
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<String>> results = new ArrayList<>();
            for (String officer : List.of("alice", "bob")) {
                String to = officer.equals("alice") ? "INVESTIGATING" : "ESCALATED";
                results.add(pool.submit(() -> {
                    try (CaseStore mine = store(Clock.systemUTC())) {
                        go.await();
                        mine.move(caseId, to, officer, version, null);
                        return "won";
                    } catch (CaseStore.ConflictException e) {
                        return "conflict: " + e.getMessage();
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            pool.shutdown();
            assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(o -> o.startsWith("conflict: case " + caseId + " changed since version"))
                    .hasSize(1);
            List<Map<String, String>> moves = redis.xrange(layout.caseAudit(caseId), Range.create("-", "+")).stream()
                    .map(m -> m.getBody())
                    .filter(e -> e.get("action").equals("move"))
                    .toList();
            assertThat(moves).hasSize(1);
            try (CaseStore cases = store(Clock.systemUTC())) {
                assertThat(cases.header(caseId).fields())
                        .containsEntry("status", moves.get(0).get("to"));
                cases.close(caseId, CaseStore.Disposition.NOTED, "carol", null, null);
            }
            write(alert("A" + (round + 2), Severity.HIGH, 1_000 + round, "C1", Audience.RISK, null));
        }
    }

    @Test
    void refusalsSayWhy() throws Exception {
        write(alert("A1", Severity.LOW, 1_000, "C1", Audience.RISK, null));
        try (CaseStore cases = store(Clock.systemUTC())) {
            assertThatThrownBy(() -> cases.move("CASE-C9-1", "ESCALATED", "alice", null, null))
                    .isInstanceOf(CaseStore.NotFoundException.class)
                    .hasMessage("no case CASE-C9-1");
            assertThatThrownBy(() -> cases.move("CASE-C1-1", "OPEN", "alice", null, null))
                    .isInstanceOf(AlertStore.RefusedException.class)
                    .hasMessageContaining("it can move to INVESTIGATING or ESCALATED");
            assertThatThrownBy(() -> cases.move("CASE-C1-1", "CLOSED", "alice", null, null))
                    .isInstanceOf(AlertStore.RefusedException.class);
            assertThatThrownBy(() -> cases.assign("CASE-C1-1", "alice", "alice", "7", null))
                    .isInstanceOf(CaseStore.ConflictException.class)
                    .hasMessage("case CASE-C1-1 changed since version 7: it is now OPEN (version 1)");
            assertThatThrownBy(() -> cases.assign("CASE-C1-1", "alice", " ", null, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.xlen(layout.caseAudit("CASE-C1-1"))).isEqualTo(1); // the opening only
        }
    }

    @Test
    void aCaseIsOverduePastTheSlaOfItsSeverity() throws Exception {
        write(alert("A1", Severity.HIGH, 1_000, "C1", Audience.RISK, null));
        Instant opened = Instant.parse(redis.hget(layout.caseHash("CASE-C1-1"), "openedAt"));
        CaseSla sla = CaseSla.of(List.of("HIGH=2h"));
        try (CaseStore justIn = store(Clock.fixed(opened.plus(Duration.ofHours(2)), ZoneOffset.UTC), sla);
                CaseStore late =
                        store(Clock.fixed(opened.plus(Duration.ofHours(2)).plusMillis(1), ZoneOffset.UTC), sla)) {
            assertThat(justIn.header("CASE-C1-1").overdue()).isFalse();
            assertThat(late.header("CASE-C1-1").overdue()).isTrue();
            assertThat(late.header("CASE-C1-1").age())
                    .isEqualTo(Duration.ofHours(2).plusMillis(1));
        }
    }

    private CaseStore store(Clock clock) {
        return store(clock, CaseSla.defaults());
    }

    private CaseStore store(Clock clock, CaseSla sla) {
        return new CaseStore("redis://127.0.0.1:" + port, null, layout, sla, clock);
    }

    private void write(Alert... alerts) throws Exception {
        try (RedisAlertWriter w = new RedisAlertWriter(
                "redis://127.0.0.1:" + port,
                null,
                layout,
                1000,
                10,
                Duration.ofSeconds(5),
                new SimpleCounter(),
                new SimpleCounter())) {
            for (Alert a : alerts) {
                w.write(a, null);
            }
            w.flush(true);
        }
    }

    private static Alert alert(
            String id, Severity severity, long tsMillis, String clientId, Audience audience, String view) {
        return new Alert(
                        id,
                        "RULE",
                        severity,
                        audience,
                        clientId,
                        "B7",
                        null,
                        tsMillis,
                        Instant.ofEpochMilli(tsMillis)
                                .atOffset(ZoneOffset.ofHours(8))
                                .toString(),
                        "summary of " + id,
                        List.of("e-" + id),
                        "{}",
                        "v1",
                        "[]")
                .withClientView(view);
    }
}
