package io.riskwatch.sink.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher and the generic webhook against a real HTTP server on loopback. */
class NotificationDispatcherITCase {
    private static final NotificationDispatcher.Settings FAST = new NotificationDispatcher.Settings(
            50, 100, 100, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(400), 6);

    private HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Starts a server whose n-th answer (1-based) the function gives; 200 bodies are kept. */
    private int serve(int port, IntFunction<int[]> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/hook", exchange -> {
            int n = requests.incrementAndGet();
            arrivals.add(System.nanoTime());
            byte[] body = exchange.getRequestBody().readAllBytes();
            int[] a = answer.apply(n); // {status, retryAfterSeconds or -1}
            if (a[1] >= 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(a[1]));
            }
            if (a[0] == 200) {
                bodies.add(AlertJson.mapper().readTree(new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(a[0], -1);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private NotificationDispatcher dispatcher(int port, NotificationDispatcher.Settings settings) {
        return new NotificationDispatcher(
                new WebhookNotifier("test", URI.create("http://127.0.0.1:" + port + "/hook"), Duration.ofSeconds(2)),
                (channel, alerts, reason) -> alerts.forEach(a -> failures.add(a.alertId() + " " + reason)),
                settings);
    }

    private static Alert alert(int i) {
        return new Alert(
                "R-" + i,
                "RULE",
                Severity.HIGH,
                Audience.RISK,
                "C" + i,
                null,
                null,
                i,
                "2026-11-20T09:30:00.000+08:00",
                "s",
                List.of("e" + i),
                "{}",
                "v");
    }

    private static void await(NotificationDispatcher d, IntSupplier done) throws InterruptedException {
        for (int i = 0; i < 300 && !(d.idle() && done.getAsInt() > 0); i++) {
            Thread.sleep(50);
        }
    }

    private List<String> deliveredIds() {
        List<String> ids = new ArrayList<>();
        bodies.forEach(
                b -> b.get("alerts").forEach(a -> ids.add(a.get("alertId").asText())));
        return ids;
    }

    @Test
    void fiveHundredTwiceThenOkDeliversOnce() throws Exception {
        int port = serve(0, n -> new int[] {n <= 2 ? 500 : 200, -1});
        try (NotificationDispatcher d = dispatcher(port, FAST)) {
            d.offer(alert(1));
            await(d, () -> bodies.size());
            assertThat(requests.get()).isEqualTo(3);
            assertThat(deliveredIds()).containsExactly("R-1");
            assertThat(bodies.get(0).get("source").asText()).isEqualTo("riskwatch");
            assertThat(bodies.get(0).get("alerts").get(0).get("rule").asText()).isEqualTo("RULE");
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
        int port = serve(0, n -> n == 1 ? new int[] {429, 1} : new int[] {200, -1});
        try (NotificationDispatcher d = dispatcher(port, FAST)) {
            d.offer(alert(1));
            await(d, () -> bodies.size());
            assertThat(deliveredIds()).containsExactly("R-1");
            // the backoff alone would retry after 50 ms; the server asked for 1 s
            assertThat(arrivals.get(1) - arrivals.get(0))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950).toNanos());
        }
    }

    @Test
    void aServerThatIsDownForAWhileGetsTheAlertWhenItComesBack() throws Exception {
        int port = freePort();
        try (NotificationDispatcher d = dispatcher(port, FAST)) {
            d.offer(alert(1));
            Thread.sleep(600); // connection refused meanwhile: retried with backoff
            serve(port, n -> new int[] {200, -1});
            await(d, () -> bodies.size());
            assertThat(deliveredIds()).containsExactly("R-1");
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void aClientErrorIsNotRetriedAndIsRecordedWithItsReason() throws Exception {
        int port = serve(0, n -> new int[] {400, -1});
        try (NotificationDispatcher d = dispatcher(port, FAST)) {
            d.offer(alert(7));
            for (int i = 0; i < 100 && failures.isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertThat(requests.get()).isEqualTo(1);
            assertThat(failures).containsExactly("R-7 webhook:test: HTTP 400");
            assertThat(d.failed()).isEqualTo(1);
        }
    }

    @Test
    void underTheRateLimitAlertsAreBatchedNotDropped() throws Exception {
        int port = serve(0, n -> new int[] {200, -1});
        NotificationDispatcher.Settings oneEverySecond = new NotificationDispatcher.Settings(
                50, 100, 1, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(400), 6);
        try (NotificationDispatcher d = dispatcher(port, oneEverySecond)) {
            d.offer(alert(0));
            for (int i = 0; i < 100 && bodies.isEmpty(); i++) {
                Thread.sleep(20);
            }
            for (int i = 1; i <= 9; i++) {
                d.offer(alert(i)); // the limiter holds the next message: these pile up
            }
            await(d, () -> bodies.size() >= 2 ? 1 : 0);
            assertThat(deliveredIds())
                    .containsExactlyElementsOf(
                            IntStream.range(0, 10).mapToObj(i -> "R-" + i).toList());
            assertThat(bodies).hasSize(2);
            assertThat(bodies.get(1).get("count").asInt()).isEqualTo(9);
        }
    }

    @Test
    void aFullQueueNeverBlocksTheCallerItRecordsTheOverflow() throws Exception {
        int port = freePort(); // nobody listens: every send fails and is retried slowly
        NotificationDispatcher.Settings tiny = new NotificationDispatcher.Settings(
                1, 5, 100, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), 100);
        NotificationDispatcher d = dispatcher(port, tiny);
        for (int i = 0; i < 50; i++) {
            d.offer(alert(i)); // returns at once even though nothing can be delivered
        }
        assertThat(failures)
                .hasSizeGreaterThanOrEqualTo(40)
                .allSatisfy(f -> assertThat(f).contains("notification queue full"));
        d.close(Duration.ofMillis(100));
        assertThat(d.failed() + d.delivered()).isEqualTo(50);
    }
}
