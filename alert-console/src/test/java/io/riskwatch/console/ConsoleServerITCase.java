package io.riskwatch.console;

import static io.riskwatch.console.ConsoleFixture.ADMIN;
import static io.riskwatch.console.ConsoleFixture.BROKER_1;
import static io.riskwatch.console.ConsoleFixture.BROKER_2;
import static io.riskwatch.console.ConsoleFixture.PASSWORD;
import static io.riskwatch.console.ConsoleFixture.RISK;
import static io.riskwatch.console.ConsoleFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.ProposalStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's HTTP API against a real redis-server: sign-in, roles, the lifecycle, live events and resuming. */
class ConsoleServerITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_795_140_000_000L; // 2026-11-20 09:20 +08:00

    @TempDir
    static Path dir;

    private static ConsoleFixture fx;
    private static ConsoleFixture proxied;

    @BeforeAll
    static void start() throws Exception {
        fx = new ConsoleFixture(dir.resolve("a"), null);
        proxied = new ConsoleFixture(dir.resolve("b"), "X-Forwarded-User");
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
        proxied.close();
    }

    /** A browser-like client: keeps the session cookie it is given, follows no redirects. */
    private static final class Browser {
        final HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        final URI base;
        String cookie;

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            return b;
        }

        Browser(ConsoleFixture f) {
            base = f.console.url();
        }

        HttpResponse<String> get(String path, String... headers) throws Exception {
            HttpRequest.Builder b = request(path);
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String contentType, String body) throws Exception {
            return http.send(
                    request(path)
                            .header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postJson(String path, Object body) throws Exception {
            return post(path, "application/json", JSON.writeValueAsString(body));
        }

        Browser signIn(String name) throws Exception {
            HttpResponse<String> r = postJson("/api/login", Map.of("name", name, "password", PASSWORD));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String set = r.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(set).contains("HttpOnly").contains("SameSite=Strict");
            cookie = set.substring(0, set.indexOf(';'));
            return this;
        }

        List<String> ids(String query) throws Exception {
            HttpResponse<String> r = get("/api/alerts" + query);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            JSON.readTree(r.body())
                    .get("alerts")
                    .forEach(a -> ids.add(a.get("alertId").asText()));
            return ids;
        }
    }

    @Test
    void nothingWithoutSigningIn() throws Exception {
        Browser b = new Browser(fx);
        assertThat(b.get("/api/alerts").statusCode()).isEqualTo(401);
        assertThat(b.get("/api/stream").statusCode()).isEqualTo(401);
        HttpResponse<String> page = b.get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/login");
        assertThat(b.get("/login").body()).contains("Sign in");
    }

    @Test
    void aWrongPasswordOrAnUnknownNameIsRefusedTheSameWay() throws Exception {
        Browser b = new Browser(fx);
        HttpResponse<String> wrong = b.postJson("/api/login", Map.of("name", RISK, "password", "guess"));
        HttpResponse<String> unknown = b.postJson("/api/login", Map.of("name", "nobody", "password", PASSWORD));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body()).contains("wrong name or password");
        assertThat(b.get("/api/me").statusCode()).isEqualTo(401);
        // a cross-site form cannot send JSON: anything else is refused before the password is looked at
        assertThat(b.post("/api/login", "application/x-www-form-urlencoded", "name=" + RISK + "&password=x")
                        .statusCode())
                .isEqualTo(415);
    }

    @Test
    void theInboxPutsTheMostSevereFirstThenTheNewest() throws Exception {
        fx.write(
                alert("ORD-1", "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C801", "B001", T0),
                alert("ORD-2", "STRUCTURING", Severity.MEDIUM, Audience.RISK, "C802", "B001", T0 + 60_000),
                alert("ORD-3", "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C803", "B002", T0 + 30_000));
        List<String> open = new Browser(fx).signIn(RISK).ids("?status=OPEN");
        assertThat(open.indexOf("ORD-3")).isLessThan(open.indexOf("ORD-1"));
        assertThat(open.indexOf("ORD-1")).isLessThan(open.indexOf("ORD-2")).isNotNegative();
        Browser risk = new Browser(fx).signIn(RISK);
        assertThat(risk.ids("?status=OPEN&rule=LARGE_TRANSFER&broker=B002"))
                .contains("ORD-3")
                .doesNotContain("ORD-1", "ORD-2");
        assertThat(risk.ids("?status=ALL&client=C802")).containsExactly("ORD-2");
        assertThat(risk.ids("?severity=MEDIUM&rule=STRUCTURING"))
                .contains("ORD-2")
                .doesNotContain("ORD-1", "ORD-3");
        assertThat(risk.get("/api/alerts?status=SOMETIMES").statusCode()).isEqualTo(400);
    }

    @Test
    void theInboxFiltersByLinkedAccountGroup() throws Exception {
        fx.write(
                ConsoleFixture.withMetrics(
                        alert("GRP-1", "SELF_TRADE", Severity.HIGH, Audience.RISK, "C901", "B001", T0),
                        "{\"selfQuantity\":100000,\"groupId\":\"G-7\",\"members\":[\"C900\",\"C901\"]}"),
                ConsoleFixture.withMetrics(
                        alert("GRP-2", "RAMPING", Severity.HIGH, Audience.RISK, "C902", "B001", T0 + 1000),
                        "{\"groupId\":\"G-8\",\"members\":[\"C902\"]}"),
                alert("GRP-3", "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C901", "B001", T0 + 2000));
        Browser risk = new Browser(fx).signIn(RISK);
        assertThat(risk.ids("?status=ALL&group=G-7")).containsExactly("GRP-1");
        assertThat(risk.ids("?group=G-8")).containsExactly("GRP-2");
        assertThat(risk.ids("?status=ALL&client=C901&group=G-7")).containsExactly("GRP-1");
        assertThat(risk.ids("?status=ALL&group=G-9")).isEmpty();
        assertThat(risk.ids("?status=ALL&client=C901")).contains("GRP-1", "GRP-3");
    }

    @Test
    void aBrokerSeesOnlyTheBrokerAlertsOfTheirOwnClientsAndCannotTouchAnyOther() throws Exception {
        fx.write(
                alert("BRK-1", "HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, "C901", "B001", T0),
                alert("BRK-2", "HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, "C902", "B002", T0),
                alert("RSK-1", "STRUCTURING", Severity.HIGH, Audience.RISK, "C901", "B001", T0));
        Browser b1 = new Browser(fx).signIn(BROKER_1);
        assertThat(b1.ids("?status=ALL")).contains("BRK-1").doesNotContain("BRK-2", "RSK-1");
        assertThat(b1.get("/api/alerts/BRK-1").statusCode()).isEqualTo(200);
        // the risk officers' finding about the broker's own client stays with them
        assertThat(b1.get("/api/alerts/RSK-1").statusCode()).isEqualTo(403);

        Browser b2 = new Browser(fx).signIn(BROKER_2);
        HttpResponse<String> other = b2.get("/api/alerts/BRK-1");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("not one of yours").doesNotContain("C901");
        assertThat(b2.postJson("/api/alerts/BRK-1/ack", Map.of("comment", "mine now"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(b2.postJson("/api/alerts/BRK-1/close", Map.of("outcome", "NOTED"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(fx.redis.hget(fx.layout.alert("BRK-1"), "status")).isEqualTo("OPEN");
        assertThat(fx.redis.xlen(fx.layout.audit("BRK-1"))).isZero();

        HttpResponse<String> ack = b1.postJson("/api/alerts/BRK-1/ack", Map.of("comment", "called the client"));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(fx.redis.hget(fx.layout.alert("BRK-1"), "ackedBy")).isEqualTo(BROKER_1);
    }

    @Test
    void ackAndCloseWriteTheAuditTrailOfTheCommandLineAndRefuseWhatTheLifecycleDoesNotAllow() throws Exception {
        fx.write(alert("LIFE-1", "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C700", "B001", T0));
        Browser risk = new Browser(fx).signIn(RISK);
        assertThat(risk.post("/api/alerts/LIFE-1/ack", "text/plain", "{}").statusCode())
                .isEqualTo(415);
        HttpResponse<String> ack = risk.postJson("/api/alerts/LIFE-1/ack", Map.of("comment", "checking the bank"));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(JSON.readTree(ack.body()).get("status").asText()).isEqualTo("ACKED");
        assertThat(risk.postJson("/api/alerts/LIFE-1/ack", Map.of()).statusCode())
                .isEqualTo(409);
        // the inbox (open or acknowledged) keeps it until it is closed
        assertThat(risk.ids("?client=C700")).containsExactly("LIFE-1");
        assertThat(risk.ids("?status=OPEN&client=C700")).isEmpty();
        assertThat(risk.postJson("/api/alerts/LIFE-1/close", Map.of("outcome", "MAYBE"))
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> close = risk.postJson(
                "/api/alerts/LIFE-1/close",
                Map.of("outcome", "FALSE_POSITIVE", "comment", "salary of a known employer"));
        assertThat(close.statusCode()).as(close.body()).isEqualTo(200);
        HttpResponse<String> again = risk.postJson("/api/alerts/LIFE-1/close", Map.of("outcome", "NOTED"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already CLOSED");
        assertThat(risk.ids("?client=C700")).isEmpty();
        assertThat(risk.ids("?status=CLOSED&client=C700")).containsExactly("LIFE-1");

        // what the CLI's `alerts show` reads: the same audit trail, by the signed-in user
        try (AlertStore store = new AlertStore(fx.redisUri, null, fx.layout)) {
            List<Map<String, String>> history = store.history("LIFE-1");
            assertThat(history).extracting(h -> h.get("action")).containsExactly("ack", "close");
            assertThat(history).extracting(h -> h.get("by")).containsOnly(RISK);
            assertThat(history.get(1))
                    .containsEntry("outcome", "FALSE_POSITIVE")
                    .containsEntry("comment", "salary of a known employer");
        }
        String body = risk.get("/api/alerts/LIFE-1").body();
        assertThat(JSON.readTree(body).get("history")).hasSize(2);
        // amounts keep their scale on the way to the browser
        assertThat(body).contains("\"amount\":2000000.00");
        assertThat(risk.get("/api/alerts/NO-SUCH").statusCode()).isEqualTo(404);
    }

    @Test
    void theLiveStreamSendsNewAlertsAndChangesAndResumesAfterTheLastEventItSent() throws Exception {
        Browser risk = new Browser(fx).signIn(RISK);
        String cursor = JSON.readTree(risk.get("/api/alerts?client=C600").body())
                .get("cursor")
                .asText();
        fx.write(
                alert("LIVE-1", "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C600", "B001", T0),
                alert("LIVE-2", "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C601", "B001", T0 + 1));

        List<Event> first;
        try (Stream s = new Stream(risk, cursor, null)) {
            first = s.take(2);
        }
        assertThat(first).extracting(Event::name).containsExactly("alert", "alert");
        assertThat(first).extracting(e -> e.data().get("alertId").asText()).containsExactly("LIVE-1", "LIVE-2");

        // the browser reconnects with the id of the last event it got: LIVE-2 follows, LIVE-1 is not sent again
        risk.postJson("/api/alerts/LIVE-2/ack", Map.of("comment", "on it"));
        try (Stream s = new Stream(risk, cursor, first.get(0).id())) {
            List<Event> resumed = s.take(2);
            assertThat(resumed.get(0).name()).isEqualTo("alert");
            assertThat(resumed.get(0).data().get("alertId").asText()).isEqualTo("LIVE-2");
            assertThat(resumed.get(1).name()).isEqualTo("change");
            assertThat(resumed.get(1).data().get("change").get("by").asText()).isEqualTo(RISK);
            assertThat(resumed.get(1).data().get("status").asText()).isEqualTo("ACKED");
        }
    }

    @Test
    void aBrokersLiveStreamCarriesNothingOfOtherBrokers() throws Exception {
        Browser b2 = new Browser(fx).signIn(BROKER_2);
        String cursor =
                JSON.readTree(b2.get("/api/alerts").body()).get("cursor").asText();
        fx.write(
                alert("SSE-B1", "HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, "C500", "B001", T0),
                alert("SSE-R2", "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C501", "B002", T0),
                alert("SSE-B2", "HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, "C501", "B002", T0));
        try (Stream s = new Stream(b2, cursor, null)) {
            // written last, so the two before it were already passed over when it arrives
            assertThat(s.take(1))
                    .extracting(e -> e.data().get("alertId").asText())
                    .containsExactly("SSE-B2");
        }
    }

    @Test
    void behindATrustedProxyTheHeaderNamesTheUser() throws Exception {
        proxied.write(alert("PRX-1", "HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, "C400", "B002", T0));
        Browser b = new Browser(proxied);
        HttpResponse<String> me = b.get("/api/me", "X-Forwarded-User", BROKER_2);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).get("brokerId").asText()).isEqualTo("B002");
        assertThat(b.get("/api/alerts/PRX-1", "X-Forwarded-User", BROKER_1).statusCode())
                .isEqualTo(403);
        assertThat(b.get("/api/alerts/PRX-1", "X-Forwarded-User", "mallory").statusCode())
                .isEqualTo(403);
        assertThat(b.get("/api/alerts/PRX-1").statusCode()).isEqualTo(401);
        // without a configured header, the same header means nothing
        assertThat(new Browser(fx).get("/api/me", "X-Forwarded-User", RISK).statusCode())
                .isEqualTo(401);
    }

    @Test
    void ruleGovernanceIsForRiskOfficersAndEachDecisionForAnotherRiskAdmin() throws Exception {
        String diff = "[{\"path\":\"rules.LARGE_TRANSFER.threshold\",\"from\":\"1000000\",\"to\":\"800000\"}]";
        String byRisk;
        String byAdmin;
        try (ProposalStore store = new ProposalStore(fx.redisUri, null, fx.layout)) {
            byRisk = store.propose(
                    RISK, "lower LT", "v2", "version: v2\n", "v1", diff, "- Alerts: 3 -> 4\n", "<p>r</p>");
            byAdmin = store.propose(ADMIN, "mine", "v3", "version: v3\n", "v1", "[]", null, null);
        }
        Browser broker = new Browser(fx).signIn(BROKER_1);
        for (String path : List.of(
                "/api/rules/proposals",
                "/api/rules/proposals/" + byRisk,
                "/api/rules/stats",
                "/rules/proposals/" + byRisk + "/backtest")) {
            assertThat(broker.get(path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(broker.postJson("/api/rules/proposals/" + byRisk + "/approve", Map.of())
                        .statusCode())
                .isEqualTo(403);

        // a risk officer reads, and may not decide
        Browser risk = new Browser(fx).signIn(RISK);
        HttpResponse<String> list = risk.get("/api/rules/proposals?state=PENDING");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(list.body());
        assertThat(body.path("canDecide").asBoolean()).isFalse();
        assertThat(body.path("canPublish").asBoolean()).isFalse();
        List<String> ids = new ArrayList<>();
        body.path("proposals").forEach(p -> ids.add(p.path("id").asText()));
        assertThat(ids).containsExactly(byAdmin, byRisk); // newest first
        JsonNode one = JSON.readTree(risk.get("/api/rules/proposals/" + byRisk).body());
        assertThat(one.path("diff").get(0).path("to").asText()).isEqualTo("800000");
        assertThat(one.path("backtestSummary").get(0).asText()).isEqualTo("Alerts: 3 -> 4");
        HttpResponse<String> report = risk.get("/rules/proposals/" + byRisk + "/backtest");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'");
        assertThat(risk.get("/rules/proposals/" + byAdmin + "/backtest").statusCode())
                .isEqualTo(404);
        for (String action : List.of("approve", "reject")) {
            HttpResponse<String> r =
                    risk.postJson("/api/rules/proposals/" + byRisk + "/" + action, Map.of("comment", "ok"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        }

        // a RISK_ADMIN decides, not on their own proposal; this console has no rules topic, so it cannot approve
        Browser admin = new Browser(fx).signIn(ADMIN);
        assertThat(JSON.readTree(admin.get("/api/rules/proposals").body())
                        .path("canDecide")
                        .asBoolean())
                .isTrue();
        HttpResponse<String> own =
                admin.postJson("/api/rules/proposals/" + byAdmin + "/reject", Map.of("comment", "changed my mind"));
        assertThat(own.statusCode()).isEqualTo(409);
        assertThat(own.body()).contains("someone else must reject it");
        HttpResponse<String> noTopic = admin.postJson("/api/rules/proposals/" + byRisk + "/approve", Map.of());
        assertThat(noTopic.statusCode()).isEqualTo(503);
        assertThat(admin.postJson("/api/rules/proposals/" + byRisk + "/reject", Map.of())
                        .statusCode())
                .isEqualTo(400);
        assertThat(admin.postJson("/api/rules/proposals/NOPE/reject", Map.of("comment", "x"))
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> rejected =
                admin.postJson("/api/rules/proposals/" + byRisk + "/reject", Map.of("comment", "too noisy"));
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(JSON.readTree(rejected.body()).path("state").asText()).isEqualTo("REJECTED");
        try (ProposalStore store = new ProposalStore(fx.redisUri, null, fx.layout)) {
            assertThat(store.show(byRisk).fields())
                    .containsEntry("state", "REJECTED")
                    .containsEntry("decidedBy", ADMIN)
                    .containsEntry("decisionComment", "too noisy");
            assertThat(store.audit().stream().map(e -> e.get("action") + " " + e.get("by")))
                    .containsExactly("propose " + RISK, "propose " + ADMIN, "reject " + ADMIN);
        }
    }

    @Test
    void ruleQualityCountsTheRecordedOutcomesPerRuleVersionAndWeek() throws Exception {
        long week = 7 * 86_400_000L;
        fx.write(
                alert("Q-1", "QUALITY_RULE", Severity.HIGH, Audience.RISK, "C701", "B001", T0),
                alert("Q-2", "QUALITY_RULE", Severity.HIGH, Audience.RISK, "C702", "B001", T0 + 1000),
                alert("Q-3", "QUALITY_RULE", Severity.HIGH, Audience.RISK, "C703", "B001", T0 + 2000),
                alert("Q-4", "QUALITY_RULE", Severity.HIGH, Audience.RISK, "C704", "B001", T0 + week),
                alert("Q-5", "QUALITY_RULE", Severity.HIGH, Audience.RISK, "C705", "B001", T0 + week + 1000));
        try (AlertStore store = new AlertStore(fx.redisUri, null, fx.layout)) {
            store.close("Q-1", RISK, AlertStore.Outcome.CONFIRMED, "");
            store.close("Q-2", RISK, AlertStore.Outcome.FALSE_POSITIVE, "");
            store.close("Q-4", RISK, AlertStore.Outcome.CONFIRMED, "");
            store.close("Q-5", RISK, AlertStore.Outcome.NOTED, "");
        }
        HttpResponse<String> r = new Browser(fx).signIn(RISK).get("/api/rules/stats?rule=QUALITY_RULE");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        JSON.readTree(r.body())
                .path("rows")
                .forEach(x -> rows.add(String.join(
                        " ",
                        x.path("week").asText(),
                        x.path("raised").asText(),
                        x.path("confirmed").asText(),
                        x.path("falsePositive").asText(),
                        x.path("noted").asText(),
                        x.path("open").asText(),
                        x.path("precision").asText("-"))));
        // T0 is Friday 2026-11-20 (ISO week 47): Q-1 confirmed, Q-2 false positive, Q-3 open; a week later
        // (week 48): Q-4 confirmed, Q-5 noted
        assertThat(rows).containsExactly("2026-W47 3 1 1 0 1 0.500", "2026-W48 2 1 0 1 0 1.000");
        assertThat(new Browser(fx)
                        .signIn(RISK)
                        .get("/api/rules/stats?since=20261120")
                        .statusCode())
                .isEqualTo(400);
    }

    private record Event(String id, String name, JsonNode data) {}

    /** A server-sent events connection read on a thread of its own. */
    private static final class Stream implements AutoCloseable {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Thread reader;
        private volatile InputStream body;

        Stream(Browser b, String from, String lastEventId) throws Exception {
            HttpRequest.Builder r = b.request("/api/stream?from=" + from).timeout(Duration.ofMinutes(5));
            if (lastEventId != null) {
                r.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = b.http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String id = null;
                    String name = null;
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("id: ")) {
                            id = line.substring(4);
                        } else if (line.startsWith("event: ")) {
                            name = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            events.add(new Event(id, name, JSON.readTree(line.substring(6))));
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        List<Event> take(int n) throws InterruptedException {
            List<Event> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Event e = events.poll(20, TimeUnit.SECONDS);
                assertThat(e)
                        .as("event " + (i + 1) + " of " + n + " within 20 s; got " + out)
                        .isNotNull();
                out.add(e);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            body.close();
            reader.interrupt();
        }
    }

    @Test
    void twoOfficersMovingTheSameCaseAtOnceOneWinsTheOtherGets409() throws Exception {
        Browser li = new Browser(fx).signIn(RISK);
        Browser sun = new Browser(fx).signIn(ADMIN);
        for (int round = 1; round <= 10; round++) {
            String caseId = "CASE-C950-" + round;
            fx.write(
                    alert("RACE-" + round, "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C950", "B001", T0 + round));
            HttpResponse<String> seen = li.get("/api/cases/" + caseId);
            assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
            String version = JSON.readTree(seen.body()).get("version").asText();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (Browser officer : List.of(li, sun)) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return officer.postJson(
                            "/api/cases/" + caseId + "/move", Map.of("to", "INVESTIGATING", "version", version));
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<HttpResponse<String>> f : answers) {
                codes.add(f.get(30, TimeUnit.SECONDS).statusCode());
            }
            pool.shutdown();
            assertThat(codes).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            HttpResponse<String> loser = answers.get(codes.indexOf(409)).get();
            assertThat(loser.body()).contains("changed since version " + version);
            long moves = fx.redis.xrange(fx.layout.caseAudit(caseId), Range.create("-", "+")).stream()
                    .filter(m -> m.getBody().get("action").equals("move"))
                    .count();
            assertThat(moves).as("round %d", round).isEqualTo(1);
            HttpResponse<String> closed = li.postJson(
                    "/api/cases/" + caseId + "/close", Map.of("disposition", "noted", "comment", "race " + round));
            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        }
    }
}
