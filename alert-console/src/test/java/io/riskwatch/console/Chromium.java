package io.riskwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver ({@code .ci/run} installs both), as
 * the console's browser tests use it: open, sign in, wait, and {@code fetch} from inside the signed-in page.
 */
public final class Chromium implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final WebDriver driver;

    private Chromium(WebDriver driver) {
        this.driver = driver;
    }

    /** Fails the test with how to install them when Chromium or chromedriver is missing. */
    public static void requireInstalled() {
        assertThat(new File(CHROMIUM))
                .as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does)")
                .exists();
        assertThat(new File(CHROMEDRIVER))
                .as("Debian's chromedriver (apt-get install chromium-driver)")
                .exists();
    }

    /** A new browser with an empty profile under {@code dir}. */
    public static Chromium open(Path dir) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,900",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Chromium(driver);
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** Signs in on the console's login page and waits for the inbox to be live. */
    public void signIn(URI console, String name, String password) {
        driver.get(console.resolve("/").toString());
        waiting().until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("signin")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), name));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
    }

    /** {@code fetch} from inside the signed-in page (its cookie, its origin): the HTTP status. */
    public long fetchStatus(String method, String path, String json) {
        Object status = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[1], {method: arguments[0],"
                                + " headers: {'Content-Type': 'application/json'},"
                                + " body: arguments[0] === 'GET' ? undefined : arguments[2]})"
                                + ".then(r => done(r.status), e => done(-1));",
                        method,
                        path,
                        json);
        return ((Number) status).longValue();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
