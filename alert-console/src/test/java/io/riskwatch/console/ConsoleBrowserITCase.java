package io.riskwatch.console;

import static io.riskwatch.console.ConsoleFixture.BROKER_1;
import static io.riskwatch.console.ConsoleFixture.BROKER_2;
import static io.riskwatch.console.ConsoleFixture.PASSWORD;
import static io.riskwatch.console.ConsoleFixture.RISK;
import static io.riskwatch.console.ConsoleFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through Debian's chromedriver
 * ({@code .ci/run} installs both). A risk officer signs in, sees an alert arrive live (written to Redis by the
 * sink's own writer while the page is open), acknowledges it, and Redis holds the change with its audit entry;
 * a broker signed in as another broker neither sees nor changes that broker's alert.
 */
class ConsoleBrowserITCase {
    private static final long T0 = 1_795_140_000_000L;

    @TempDir
    static Path dir;

    private static ConsoleFixture fx;
    private Chromium chromium;
    private WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Chromium.requireInstalled();
        fx = new ConsoleFixture(dir, null);
        fx.write(
                alert("B-SEEN-1", "LARGE_TRANSFER", Severity.HIGH, Audience.RISK, "C100", "B001", T0),
                alert(
                        "B-TURN-1",
                        "HOLDING_TURNING_POINT",
                        Severity.MEDIUM,
                        Audience.BROKER,
                        "C101",
                        "B001",
                        T0 + 1000));
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @AfterEach
    void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private WebDriver open() throws Exception {
        chromium = Chromium.open(dir);
        browser = chromium.driver();
        return browser;
    }

    private WebDriverWait waiting() {
        return chromium.waiting();
    }

    private void signIn(String name) {
        chromium.signIn(fx.console.url(), name, PASSWORD);
    }

    private By row(String alertId) {
        return By.cssSelector("tr[data-alert-id='" + alertId + "']");
    }

    private long fetchStatus(String method, String path, String json) {
        return chromium.fetchStatus(method, path, json);
    }

    @Test
    void aRiskOfficerSeesANewAlertArriveLiveAndAcknowledgesIt() throws Exception {
        open();
        signIn(RISK);
        waiting().until(ExpectedConditions.presenceOfElementLocated(row("B-SEEN-1")));

        // a rule raises an alert while the page is open: it appears without a reload
        fx.write(alert("B-LIVE-1", "STRUCTURING", Severity.CRITICAL, Audience.RISK, "C102", "B002", T0 + 5000));
        WebElement live = waiting().until(ExpectedConditions.presenceOfElementLocated(row("B-LIVE-1")));
        // most severe first
        List<WebElement> rows = browser.findElements(By.cssSelector("#alerts tbody tr"));
        assertThat(rows.get(0).getAttribute("data-alert-id")).isEqualTo("B-LIVE-1");

        live.click();
        waiting().until(ExpectedConditions.textToBe(By.id("detail-id"), "B-LIVE-1"));
        assertThat(browser.findElement(By.id("evidence")).getText()).contains("t-B-LIVE-1");
        assertThat(browser.findElement(By.id("metrics")).getText()).contains("2000000.00");
        // the evidence event itself: its fields as the job wrote them, the amount with its scale, input text as text
        String events = browser.findElement(By.id("evidence-events")).getText();
        assertThat(events).contains("t-B-LIVE-1", "transfer", "amount 2000000.00", "bankAccount ****1234");
        assertThat(events).contains("channel <b id=injected>bank</b>");
        assertThat(browser.findElements(By.id("injected"))).isEmpty();
        browser.findElement(By.id("comment")).sendKeys("asked the bank for the payer");
        browser.findElement(By.id("ack")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("detail-status"), "ACKED"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "OPEN → ACKED"));
        // acknowledged alerts stay in the inbox until closed
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(row("B-LIVE-1"), "ACKED"));

        assertThat(fx.redis.hgetall(fx.layout.alert("B-LIVE-1")))
                .containsEntry("status", "ACKED")
                .containsEntry("ackedBy", RISK);
        List<Map<String, String>> audit = fx.redis.xrange(fx.layout.audit("B-LIVE-1"), Range.create("-", "+")).stream()
                .map(m -> m.getBody())
                .toList();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0))
                .containsEntry("action", "ack")
                .containsEntry("by", RISK)
                .containsEntry("comment", "asked the bank for the payer");

        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "console-risk-officer.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aBrokerSignedInAsAnotherBrokerCannotSeeOrChangeThatBrokersAlert() throws Exception {
        open();
        signIn(BROKER_2);
        // B002's own alert, written after B001's: once it is shown, B001's has been passed over
        fx.write(
                alert(
                        "B-TURN-OTHER",
                        "HOLDING_TURNING_POINT",
                        Severity.MEDIUM,
                        Audience.BROKER,
                        "C103",
                        "B001",
                        T0 + 7000),
                alert(
                        "B-TURN-2",
                        "HOLDING_TURNING_POINT",
                        Severity.MEDIUM,
                        Audience.BROKER,
                        "C104",
                        "B002",
                        T0 + 8000));
        waiting().until(ExpectedConditions.presenceOfElementLocated(row("B-TURN-2")));
        assertThat(browser.findElements(row("B-TURN-1"))).isEmpty();
        assertThat(browser.findElements(row("B-TURN-OTHER"))).isEmpty();
        assertThat(browser.findElements(row("B-SEEN-1"))).isEmpty();
        assertThat(browser.findElement(By.id("view-title")).getText()).contains("B002");

        assertThat(fetchStatus("GET", "/api/alerts/B-TURN-1", null)).isEqualTo(403);
        assertThat(fetchStatus("POST", "/api/alerts/B-TURN-1/ack", "{\"comment\":\"not mine\"}"))
                .isEqualTo(403);
        assertThat(fetchStatus("POST", "/api/alerts/B-TURN-1/close", "{\"outcome\":\"NOTED\"}"))
                .isEqualTo(403);
        assertThat(fx.redis.hget(fx.layout.alert("B-TURN-1"), "status")).isEqualTo("OPEN");
        assertThat(fx.redis.xlen(fx.layout.audit("B-TURN-1"))).isZero();

        // the broker it belongs to sees it (and not the risk officers' alert about the same client's broker)
        browser.findElement(By.id("signout")).click();
        waiting().until(ExpectedConditions.urlContains("/login"));
        signIn(BROKER_1);
        waiting().until(ExpectedConditions.presenceOfElementLocated(row("B-TURN-1")));
        assertThat(browser.findElements(row("B-SEEN-1"))).isEmpty();
        assertThat(browser.findElements(row("B-TURN-2"))).isEmpty();
    }

    @Test
    void aRiskOfficerWorksACaseFromAlertToClosedAndABrokerIsRefusedIt() throws Exception {
        String view = "{\"clientId\":\"C200\",\"asOf\":\"2026-11-20T10:00:00.000+08:00\",\"tier\":\"HNW\","
                + "\"riskProfile\":\"BALANCED\",\"brokerId\":\"B001\",\"cash\":400000.00,\"totalAssets\":1000000.00,"
                + "\"positions\":[{\"symbol\":\"600519.SH\",\"quantity\":300,\"price\":2000.00,\"priceFrom\":\"quote\","
                + "\"value\":600000.00,\"share\":0.6000}]}";
        fx.write(
                alert("B-CASE-1", "STRUCTURING", Severity.HIGH, Audience.RISK, "C200", "B001", T0 + 10_000)
                        .withClientView(view),
                alert("B-CASE-2", "LARGE_TRANSFER", Severity.MEDIUM, Audience.RISK, "C200", "B001", T0 + 11_000));
        open();
        signIn(RISK);
        // the cases being worked: the client's two alerts are one case
        browser.findElement(By.id("show-cases")).click();
        WebElement listed = waiting()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-case-id='CASE-C200-1']")));
        assertThat(listed.getText()).contains("C200", "HIGH", "OPEN");
        waiting()
                .until(ExpectedConditions.presenceOfElementLocated(row("B-CASE-1")))
                .click();
        waiting().until(ExpectedConditions.textToBe(By.id("detail-id"), "B-CASE-1"));
        assertThat(browser.findElement(By.id("evidence-events")).getText()).contains("t-B-CASE-1", "amount 2000000.00");

        // the client as the job saw it at the alert, and the client's alerts
        browser.findElement(By.id("open-client")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("client-id"), "C200"));
        assertThat(browser.findElement(By.id("client-profile")).getText()).contains("HNW", "BALANCED", "400000.00");
        assertThat(browser.findElement(By.id("client-positions")).getText()).contains("600519.SH", "600000.00", "60 %");
        assertThat(browser.findElements(By.cssSelector("#client-alerts tr[data-alert-id]")))
                .hasSize(2);

        // the client's case: assign to self, escalate, close as confirmed
        browser.findElement(By.cssSelector("#client-cases a")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("case-id"), "CASE-C200-1"));
        assertThat(browser.findElements(By.cssSelector("#case-alerts tr[data-alert-id]")))
                .hasSize(2);
        browser.findElement(By.id("case-assign")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("case-assignee"), RISK));
        new Select(browser.findElement(By.id("case-move-to"))).selectByValue("ESCALATED");
        browser.findElement(By.id("case-comment")).sendKeys("same payer as last month");
        browser.findElement(By.id("case-move")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("case-status"), "ESCALATED"));
        new Select(browser.findElement(By.id("case-disposition"))).selectByValue("confirmed");
        browser.findElement(By.id("case-close")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("case-status"), "CLOSED"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-audit"), "ESCALATED → CLOSED"));
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "console-case.png"), StandardCopyOption.REPLACE_EXISTING);

        assertThat(fx.redis.hgetall(fx.layout.caseHash("CASE-C200-1")))
                .containsEntry("status", "CLOSED")
                .containsEntry("disposition", "confirmed")
                .containsEntry("assignee", RISK)
                .containsEntry("closedBy", RISK);
        List<String> trail = fx.redis.xrange(fx.layout.caseAudit("CASE-C200-1"), Range.create("-", "+")).stream()
                .map(m -> m.getBody().get("action") + " " + m.getBody().get("by"))
                .toList();
        assertThat(trail)
                .containsExactly(
                        "open riskwatch", "alert riskwatch", "assign " + RISK, "move " + RISK, "close " + RISK);
        for (String id : List.of("B-CASE-1", "B-CASE-2")) {
            assertThat(fx.redis.hgetall(fx.layout.alert(id)))
                    .containsEntry("status", "CLOSED")
                    .containsEntry("outcome", "CONFIRMED");
        }

        // the report, as the officer prints it
        browser.get(fx.console.url().resolve("/cases/CASE-C200-1/report").toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Case CASE-C200-1");
        assertThat(browser.findElement(By.id("audit")).getText()).contains("ESCALATED → CLOSED");
        assertThat(browser.findElement(By.tagName("body")).getText())
                .contains("t-B-CASE-1", "600519.SH", "confirmed", "same payer as last month");
        assertThat(browser.findElements(By.id("injected"))).isEmpty(); // input text as text in the report too

        // a broker sees no case and no client view, not even of their own client (no tipping off)
        browser.get(fx.console.url().resolve("/").toString());
        browser.findElement(By.id("signout")).click();
        waiting().until(ExpectedConditions.urlContains("/login"));
        signIn(BROKER_1);
        assertThat(fetchStatus("GET", "/api/cases/CASE-C200-1", null)).isEqualTo(403);
        assertThat(fetchStatus("GET", "/api/cases", null)).isEqualTo(403);
        assertThat(fetchStatus("POST", "/api/cases/CASE-C200-1/note", "{\"text\":\"hi\"}"))
                .isEqualTo(403);
        assertThat(fetchStatus("GET", "/api/clients/C200", null)).isEqualTo(403);
        assertThat(fetchStatus("GET", "/cases/CASE-C200-1/report", null)).isEqualTo(403);
        assertThat(fx.redis.xlen(fx.layout.caseNotes("CASE-C200-1"))).isZero();
        assertThat(browser.findElements(By.id("open-client"))).isEmpty();
        assertThat(browser.findElement(By.id("show-cases")).isDisplayed()).isFalse();
    }
}
