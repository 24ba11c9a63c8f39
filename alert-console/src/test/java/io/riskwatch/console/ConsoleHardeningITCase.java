package io.riskwatch.console;

import static io.riskwatch.console.ConsoleFixture.BROKER_1;
import static io.riskwatch.console.ConsoleFixture.PASSWORD;
import static io.riskwatch.console.ConsoleFixture.RISK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console against visitors who guess passwords, forge log lines, hoard live streams or come through another
 * host name: a real redis-server and the console on a free port, one console per test (the sign-in throttle
 * remembers).
 */
class ConsoleHardeningITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private HttpResponse<String> signIn(URI base, String name, String password) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("name", name, "password", password))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String cookie(URI base, String name) throws Exception {
        HttpResponse<String> r = signIn(base, name, PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private HttpResponse<InputStream> stream(URI base, String cookie) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("/api/stream"))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpResponse<String> signOut(URI base, String cookie) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("/api/logout"))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Reads the stream until it ends; the number of bytes read after its first line. */
    private static CompletableFuture<Long> readToTheEnd(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return (long) in.readAllBytes().length;
            } catch (IOException e) {
                return -1L;
            }
        });
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Test
    void theSixthWrongPasswordInAMinuteWaitsAndTheRightOneThenWorks() throws Exception {
        try (ConsoleFixture fx = new ConsoleFixture(dir.resolve("throttle"), null)) {
            URI base = fx.console.url();
            for (int i = 1; i <= SignInThrottle.FREE_FAILURES; i++) {
                assertThat(signIn(base, RISK, "guess " + i).statusCode())
                        .as("wrong password %d", i)
                        .isEqualTo(401);
            }
            // the sixth attempt, even with the right password, must wait: not checked, not counted
            HttpResponse<String> held = signIn(base, RISK, PASSWORD);
            assertThat(held.statusCode()).isEqualTo(429);
            assertThat(held.body()).contains("too many failed sign-ins");
            long retryAfter =
                    Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 2L);
            // another user from the same address is not held back by li.risk's failures
            assertThat(signIn(base, BROKER_1, PASSWORD).statusCode()).isEqualTo(200);

            Thread.sleep(TimeUnit.SECONDS.toMillis(retryAfter) + 100);
            assertThat(signIn(base, RISK, PASSWORD).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aNameWithANewlineIsLoggedOnOneLineAndAnUnknownNameNeverVerbatim() throws Exception {
        Path log = Path.of(System.getProperty("riskwatch.test.log", "target/test.log"));
        String marker = "FORGED-" + UUID.randomUUID();
        String forged = "intruder\n12:00:00,000 INFO  ConsoleServer console: li.risk (RISK) signed in " + marker;
        String passwordInNameField = "S3cr3t-" + UUID.randomUUID();
        try (ConsoleFixture fx = new ConsoleFixture(dir.resolve("log"), null)) {
            URI base = fx.console.url();
            assertThat(signIn(base, forged, "x").statusCode()).isEqualTo(401);
            assertThat(signIn(base, passwordInNameField, "x").statusCode()).isEqualTo(401);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(marker).doesNotContain(passwordInNameField);
        assertThat(text.lines()
                        .filter(l -> l.contains("sign-in refused for unknown name #" + LogText.fingerprint(forged))))
                .hasSize(1);
        assertThat(text.lines()
                        .filter(l -> l.contains(
                                "sign-in refused for unknown name #" + LogText.fingerprint(passwordInNameField))))
                .hasSize(1);
    }

    @Test
    void signingOutClosesTheSessionsLiveStreams() throws Exception {
        try (ConsoleFixture fx = new ConsoleFixture(dir.resolve("signout"), null)) {
            URI base = fx.console.url();
            String cookie = cookie(base, RISK);
            HttpResponse<InputStream> live = stream(base, cookie);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(firstLine(live.body())).isEqualTo("retry: 2000");
            CompletableFuture<Long> ended = readToTheEnd(live.body());
            Thread.sleep(200);
            assertThat(ended).isNotDone();

            assertThat(signOut(base, cookie).statusCode()).isEqualTo(200);
            // the stream ends at once, long before its next keep-alive (every 10 s)
            assertThat(ended.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
            assertThat(stream(base, cookie).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aSessionMayOpenOnlyAFewLiveStreams() throws Exception {
        try (ConsoleFixture fx = new ConsoleFixture(dir.resolve("cap"), null)) {
            URI base = fx.console.url();
            String cookie = cookie(base, RISK);
            List<CompletableFuture<Long>> open = new ArrayList<>();
            for (int i = 0; i < LiveStream.MAX_PER_SESSION; i++) {
                HttpResponse<InputStream> s = stream(base, cookie);
                assertThat(s.statusCode()).as("stream %d", i + 1).isEqualTo(200);
                open.add(readToTheEnd(s.body()));
            }
            HttpResponse<InputStream> refused = stream(base, cookie);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(new String(refused.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("live streams open");
            // another session is not held back by this one's streams
            HttpResponse<InputStream> other = stream(base, cookie(base, BROKER_1));
            assertThat(other.statusCode()).isEqualTo(200);
            other.body().close();

            assertThat(signOut(base, cookie).statusCode()).isEqualTo(200);
            for (CompletableFuture<Long> s : open) {
                assertThat(s.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
            }
        }
    }

    /** One raw HTTP/1.1 request, so the Host header can be anything; the status code. */
    private static int rawStatus(URI base, String host, String... headers) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("GET /api/me HTTP/1.1\r\n");
            if (host != null) {
                req.append("Host: ").append(host).append("\r\n");
            }
            for (int i = 0; i < headers.length; i += 2) {
                req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = firstLine(s.getInputStream());
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void aForeignHostIsRefusedEvenWithTheTrustedHeader() throws Exception {
        try (ConsoleFixture fx = new ConsoleFixture(dir.resolve("host"), "X-Forwarded-User")) {
            URI base = fx.console.url();
            String own = "127.0.0.1:" + base.getPort();
            assertThat(rawStatus(base, own, "X-Forwarded-User", RISK)).isEqualTo(200);
            assertThat(rawStatus(base, "localhost:" + base.getPort(), "X-Forwarded-User", RISK))
                    .isEqualTo(200);
            // a page of evil.example whose name now resolves to this console (DNS rebinding)
            assertThat(rawStatus(base, "evil.example:" + base.getPort(), "X-Forwarded-User", RISK))
                    .isEqualTo(421);
            assertThat(rawStatus(base, "evil.example", "X-Forwarded-User", RISK))
                    .isEqualTo(421);
            assertThat(rawStatus(base, "127.0.0.1.evil.example", "X-Forwarded-User", RISK))
                    .isEqualTo(421);
        }
    }
}
