package io.riskwatch.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.riskwatch.cli.Riskwatch;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.sink.redis.ProposalStore;
import io.riskwatch.sink.redis.RedisLayout;
import io.riskwatch.testing.LocalRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code riskwatch demo} end to end, briefly: embedded Kafka and Redis start, the generated market is fed live, the
 * job raises alerts into Redis (planted large transfers among them), the console is served, and everything stops by
 * itself with exit code 0.
 */
class DemoCommandITCase {
    @Test
    void theDemoFeedsALiveMarketRaisesAlertsAndStopsCleanly() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> Riskwatch.execute(
                new String[] {
                    "demo",
                    "--run-for",
                    "45s",
                    "--rate",
                    "1000",
                    "--clients",
                    "300",
                    "--symbols",
                    "20",
                    "--days",
                    "1",
                    "--port",
                    "0"
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true)));

        // while it runs, the admin approves the waiting rule change in the console; the job applies it
        Matcher running = waitFor(out, "Open (http://\\S+/) and sign in[\\s\\S]*Redis (redis://\\S+) ");
        HttpClient http = HttpClient.newHttpClient();
        URI console = URI.create(running.group(1));
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(console.resolve("/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"admin-demo\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> approved = http.send(
                HttpRequest.newBuilder(console.resolve("/api/rules/proposals/P-1/approve"))
                        .header("Content-Type", "application/json")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"seen in the demo\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("\"publishedTo\":\"riskwatch.rules/0@0\"");
        RedisClient redis = RedisClient.create(running.group(2));
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Map<String, String> status = Map.of();
            while (!status.getOrDefault("current", "").endsWith("-demo") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = c.sync().hgetall("riskwatch:rules:status");
            }
            // applied by the running job, with nothing that would need a restart
            assertThat(status.getOrDefault("currentNote", ""))
                    .as("needs a restart")
                    .isEmpty();
            assertThat(status.get("current")).endsWith("-demo");
        } finally {
            redis.shutdown();
        }
        int code = demo.get(3, TimeUnit.MINUTES);

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("sign in as")
                .contains("risk    / risk-demo")
                // a rule change waits for the admin's approval on the Rules page
                .contains("admin   / admin-demo  (risk admin: approves P-1, a proposed rule change, under Rules)");
        Matcher stopped = Pattern.compile("demo: stopped\\. ([0-9,]+) events fed, ([0-9,]+) alerts stored \\{(.*)}")
                .matcher(out.toString());
        assertThat(stopped.find()).as(out.toString()).isTrue();
        assertThat(Long.parseLong(stopped.group(1).replace(",", ""))).isPositive();
        assertThat(Long.parseLong(stopped.group(2).replace(",", ""))).isPositive();
        // every planted case, the exchanges' rules with their short windows included: the feed keeps the
        // generated times
        assertThat(stopped.group(3))
                .contains(
                        "LARGE_TRANSFER=",
                        "ORDER_RATE=1",
                        "SPOOFING=1",
                        "RAMPING=1",
                        "LIMIT_HOLDING=1",
                        "SELF_TRADE=1",
                        "HOLDING_TURNING_POINT=");
    }

    private static Matcher waitFor(StringWriter out, String regex) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo never printed /" + regex + "/:\n" + out);
    }

    @Test
    void theDemosRuleChangeIsAValidProposalWaitingForTheAdmin() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            String id = DemoCommand.proposeDemoChange(redis.uri(), ConfigLoader.defaults());
            assertThat(id).isEqualTo("P-1");
            try (ProposalStore store = new ProposalStore(redis.uri(), null, new RedisLayout("riskwatch"))) {
                ProposalStore.Proposal p = store.show(id);
                assertThat(p.fields())
                        .containsEntry("state", "PENDING")
                        .containsEntry("proposedBy", "risk")
                        .containsEntry(
                                "baseVersion", ConfigLoader.defaults().rules().version());
                // the file is a valid rules file; only the version and the one threshold differ from the shipped
                assertThat(ConfigLoader.parseRules(p.fields().get("file"), "proposal")
                                .version())
                        .isEqualTo(ConfigLoader.defaults().rules().version() + "-demo");
                assertThat(p.fields().get("diff"))
                        .contains("\"path\":\"CONCENTRATION.maxShare.STANDARD\",\"from\":\"0.5\",\"to\":\"0.6\"");
                assertThat(new ObjectMapper().readTree(p.fields().get("diff"))).hasSize(2);
            }
        }
    }
}
