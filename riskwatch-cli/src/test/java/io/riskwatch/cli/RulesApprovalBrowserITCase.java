package io.riskwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.console.Chromium;
import io.riskwatch.console.ConsoleServer;
import io.riskwatch.console.PasswordHash;
import io.riskwatch.console.Users;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.ProposalStore;
import io.riskwatch.sink.redis.RedisAlertWriter;
import io.riskwatch.sink.redis.RedisLayout;
import io.riskwatch.testing.CliRun;
import io.riskwatch.testing.InProcessKafka;
import io.riskwatch.testing.LocalRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Rule governance in the console, in Debian's headless Chromium, with a real Kafka broker and Redis: a risk officer
 * proposes a rules file with its backtest (CLI); in the console a RISK officer sees the proposal, its settings diff,
 * its backtest and the rules' precision chart, but no approve button, and the API refuses their approval with 403;
 * a RISK_ADMIN approves it in the console, which publishes the file to the rules topic (the record is read back)
 * and audits every step in Redis.
 */
class RulesApprovalBrowserITCase {
    private static final String PREFIX = "gov";
    private static final String PASSWORD = "correct horse battery";
    private static final String CANDIDATE = "2026.11.21-candidate";

    @TempDir
    static Path dir;

    @Test
    void aRiskAdminApprovesInTheConsoleAndTheVersionIsPublished() throws Exception {
        Chromium.requireInstalled();
        String rulesTopic = ConfigLoader.defaults().kafka().rulesTopic();
        String hash = PasswordHash.hash(PASSWORD.toCharArray(), 10_000);
        Path users = dir.resolve("users.yaml");
        Files.writeString(
                users,
                "users:\n  - {name: li.risk, role: RISK, password: '" + hash + "'}\n"
                        + "  - {name: wang.admin, role: RISK_ADMIN, password: '" + hash + "'}\n");
        try (LocalRedis redis = LocalRedis.start();
                InProcessKafka kafka = new InProcessKafka()) {
            kafka.createTopics(List.of(rulesTopic), 1);
            String uri = redis.uri();
            CliRun proposed = CliRun.run(
                    "rules",
                    "propose",
                    "--by",
                    "li.risk",
                    "--comment",
                    "fewer large-transfer alerts",
                    "--in-force",
                    "../config/rules.yaml",
                    "--backtest",
                    "../samples/trading-day",
                    "--redis",
                    uri,
                    "--redis-prefix",
                    PREFIX,
                    "../samples/backtest/rules-candidate.yaml");
            assertThat(proposed.code()).as(proposed.err()).isZero();
            assertThat(proposed.out()).contains("P-1: version " + CANDIDATE);
            RedisLayout layout = new RedisLayout(PREFIX);
            writeOutcomes(uri, layout);

            RulesGovernance.Topic topic = new RulesGovernance.Topic();
            topic.kafka = kafka.bootstrapServers();
            StringWriter consoleOut = new StringWriter();
            try (ConsoleServer console = ConsoleServer.start(new ConsoleServer.Settings(
                            "127.0.0.1", 0, uri, null, PREFIX, Users.load(users), Duration.ofHours(1), false)
                    .withRulesPublisher(ConsoleCommand.publisher(topic, new PrintWriter(consoleOut, true))))) {
                // a RISK officer reads the proposal and the rules' quality, and may not approve
                try (Chromium chromium = Chromium.open(dir)) {
                    chromium.signIn(console.url(), "li.risk", PASSWORD);
                    openProposal(chromium);
                    WebDriver b = chromium.driver();
                    // the header row and the five settings the candidate changes
                    assertThat(b.findElements(By.cssSelector("#proposal-diff tr")))
                            .hasSize(6);
                    assertThat(b.findElement(By.id("proposal-diff")).getText()).contains("LARGE_TRANSFER");
                    assertThat(b.findElement(By.id("backtest-summary")).getText())
                            .contains("Alerts");
                    assertThat(b.findElement(By.id("backtest-report")).getAttribute("href"))
                            .endsWith("/rules/proposals/P-1/backtest");
                    assertThat(b.findElements(By.id("proposal-approve"))).isEmpty();
                    assertThat(b.findElements(By.id("proposal-reject"))).isEmpty();
                    // no leftover of the decision part that is not shown
                    assertThat(b.findElement(By.id("detail")).getText()).doesNotContainPattern("(?m)^null$");
                    assertThat(chromium.fetchStatus("POST", "/api/rules/proposals/P-1/approve", "{}"))
                            .isEqualTo(403);
                    assertThat(chromium.fetchStatus("GET", "/rules/proposals/P-1/backtest", null))
                            .isEqualTo(200);

                    b.findElement(By.id("back-to-rules")).click();
                    chromium.waiting()
                            .until(ExpectedConditions.presenceOfElementLocated(
                                    By.cssSelector("#quality-charts svg[data-rule='LARGE_TRANSFER'] rect.bar")));
                    // one alert confirmed, one false positive: precision 0.500 in the chart and the table
                    assertThat(b.findElement(By.cssSelector("#quality-charts svg[data-rule='LARGE_TRANSFER'] rect.bar"))
                                    .getAttribute("data-precision"))
                            .isEqualTo("0.500");
                    assertThat(b.findElement(By.cssSelector("#rule-quality tr[data-rule='LARGE_TRANSFER'] .precision"))
                                    .getText())
                            .isEqualTo("0.500");
                    Files.copy(
                            ((TakesScreenshot) b)
                                    .getScreenshotAs(OutputType.FILE)
                                    .toPath(),
                            Path.of("target", "console-rules.png"),
                            StandardCopyOption.REPLACE_EXISTING);
                }

                // a RISK_ADMIN approves: the console publishes the version to the rules topic
                try (Chromium chromium = Chromium.open(dir)) {
                    chromium.signIn(console.url(), "wang.admin", PASSWORD);
                    openProposal(chromium);
                    WebDriver b = chromium.driver();
                    assertThat(b.findElement(By.id("proposal-comment")).getText())
                            .isEqualTo("fewer large-transfer alerts");
                    b.findElement(By.id("decision-comment")).sendKeys("backtest reviewed");
                    b.findElement(By.id("proposal-approve")).click();
                    chromium.waiting().until(ExpectedConditions.textToBe(By.id("proposal-state"), "APPROVED"));
                    chromium.waiting()
                            .until(ExpectedConditions.textToBePresentInElementLocated(
                                    By.id("proposal-publishedTo"), rulesTopic + "/0@"));
                    assertThat(b.findElements(By.id("proposal-approve"))).isEmpty();
                    assertThat(b.findElement(By.id("detail")).getText()).doesNotContainPattern("(?m)^null$");
                    Path shot = ((TakesScreenshot) b)
                            .getScreenshotAs(OutputType.FILE)
                            .toPath();
                    Files.copy(
                            shot, Path.of("target", "console-rules-approval.png"), StandardCopyOption.REPLACE_EXISTING);
                }
            }

            List<ConsumerRecord<String, String>> published = readAll(kafka.bootstrapServers(), rulesTopic);
            assertThat(published).hasSize(1);
            assertThat(published.get(0).key()).isEqualTo(CANDIDATE);
            assertThat(published.get(0).value())
                    .isEqualTo(Files.readString(Path.of("../samples/backtest/rules-candidate.yaml")));
            try (ProposalStore store = new ProposalStore(uri, null, layout)) {
                assertThat(store.show("P-1").fields())
                        .containsEntry("state", "APPROVED")
                        .containsEntry("decidedBy", "wang.admin")
                        .containsEntry("decisionComment", "backtest reviewed")
                        .containsEntry(
                                "publishedTo",
                                rulesTopic + "/0@" + published.get(0).offset());
                assertThat(store.inForce()).containsEntry("version", CANDIDATE);
                assertThat(store.audit().stream().map(e -> e.get("action") + " " + e.get("by")))
                        .containsExactly("propose li.risk", "approve wang.admin", "publish wang.admin");
            }
        }
    }

    private static void openProposal(Chromium chromium) {
        WebDriver b = chromium.driver();
        b.findElement(By.id("show-rules")).click();
        chromium.waiting()
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#proposals tr[data-proposal-id='P-1']")))
                .click();
        chromium.waiting().until(ExpectedConditions.textToBe(By.id("proposal-id"), "P-1"));
    }

    /** Two LARGE_TRANSFER alerts stored as the job's sink does, closed as confirmed and as false positive. */
    private static void writeOutcomes(String uri, RedisLayout layout) throws Exception {
        try (RedisAlertWriter w = new RedisAlertWriter(
                uri, null, layout, 10_000, 10, Duration.ofSeconds(5), new SimpleCounter(), new SimpleCounter())) {
            long t0 = 1_795_140_000_000L; // 2026-11-20 09:20 +08:00
            w.write(largeTransfer("Q-1", "C701", t0, "2026-11-20T09:20:00.000+08:00"), null);
            w.write(largeTransfer("Q-2", "C702", t0 + 1000, "2026-11-20T09:20:01.000+08:00"), null);
            w.flush(true);
        }
        try (AlertStore store = new AlertStore(uri, null, layout)) {
            store.close("Q-1", "li.risk", AlertStore.Outcome.CONFIRMED, "");
            store.close("Q-2", "li.risk", AlertStore.Outcome.FALSE_POSITIVE, "");
        }
    }

    private static Alert largeTransfer(String id, String client, long tsMillis, String ts) {
        return new Alert(
                id,
                "LARGE_TRANSFER",
                Severity.HIGH,
                Audience.RISK,
                client,
                "B001",
                null,
                tsMillis,
                ts,
                "large transfer " + id,
                List.of("t-" + id),
                "{\"amount\":2000000.00}",
                "2026.11.21-1",
                null);
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "rules-check",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            // anything published after the first record would show up within another poll
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
            return records;
        }
    }
}
