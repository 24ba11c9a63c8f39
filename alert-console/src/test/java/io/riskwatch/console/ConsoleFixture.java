package io.riskwatch.console;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.sink.redis.RedisAlertWriter;
import io.riskwatch.sink.redis.RedisLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.flink.metrics.SimpleCounter;
import redis.embedded.RedisServer;

/**
 * A real redis-server, a users file (a risk officer and two brokers, fast hashes), the console on a free port,
 * and alerts written with the sink's own writer: what the console tests share.
 */
final class ConsoleFixture implements AutoCloseable {
    static final String PREFIX = "console-it";
    static final String RISK = "li.risk";
    static final String ADMIN = "sun.admin";
    static final String BROKER_1 = "wang.broker";
    static final String BROKER_2 = "zhao.broker";
    static final String PASSWORD = "correct horse battery";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    final RedisServer redisServer;
    final String redisUri;
    final ConsoleServer console;
    final RedisLayout layout = new RedisLayout(PREFIX);
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    final RedisCommands<String, String> redis;

    ConsoleFixture(Path dir, String trustedHeader) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redisServer = new RedisServer(port);
        redisServer.start();
        redisUri = "redis://127.0.0.1:" + port;
        String hash = PasswordHash.hash(PASSWORD.toCharArray(), 10_000);
        Path users = Files.createDirectories(dir).resolve("users.yaml");
        Files.writeString(
                users,
                (trustedHeader == null ? "" : "trustedHeader: " + trustedHeader + "\n") + "users:\n"
                        + "  - {name: " + RISK + ", role: RISK, password: '" + hash + "'}\n"
                        + "  - {name: " + ADMIN + ", role: RISK_ADMIN, password: '" + hash + "'}\n"
                        + "  - {name: " + BROKER_1 + ", role: BROKER, brokerId: B001, password: '" + hash + "'}\n"
                        + "  - {name: " + BROKER_2 + ", role: BROKER, brokerId: B002, password: '" + hash + "'}\n");
        console = ConsoleServer.start(new ConsoleServer.Settings(
                "127.0.0.1", 0, redisUri, null, PREFIX, Users.load(users), Duration.ofHours(1), false));
        client = RedisClient.create(redisUri);
        connection = client.connect();
        redis = connection.sync();
    }

    /** An alert as a rule would raise it. */
    static Alert alert(
            String id, String rule, Severity severity, Audience audience, String client, String broker, long tsMillis) {
        String ts = TS.format(Instant.ofEpochMilli(tsMillis).atOffset(ZoneOffset.ofHours(8)));
        return new Alert(
                id,
                rule,
                severity,
                audience,
                client,
                broker,
                null,
                tsMillis,
                ts,
                rule + " for " + client + " (" + id + ")",
                List.of("t-" + id),
                "{\"amount\":2000000.00,\"tier\":\"HNW\"}",
                "2026.11.21-1#test",
                // the channel is input text: the page must show it as text
                "[{\"type\":\"transfer\",\"eventId\":\"t-" + id + "\",\"ts\":\"" + ts + "\",\"clientId\":\"" + client
                        + "\",\"direction\":\"OUT\",\"amount\":2000000.00,\"channel\":\"<b id=injected>bank</b>\","
                        + "\"bankAccount\":\"****1234\"}]");
    }

    /** The same alert with other metrics (e.g. a group rule's {@code groupId}). */
    static Alert withMetrics(Alert a, String metricsJson) {
        return new Alert(
                a.alertId(),
                a.rule(),
                a.severity(),
                a.audience(),
                a.clientId(),
                a.brokerId(),
                a.symbol(),
                a.tsMillis(),
                a.ts(),
                a.summary(),
                a.evidence(),
                metricsJson,
                a.ruleVersion(),
                a.evidenceEventsJson());
    }

    /** Writes alerts to Redis the way the job's sink does. */
    void write(Alert... alerts) throws IOException {
        try (RedisAlertWriter w = new RedisAlertWriter(
                redisUri, null, layout, 10_000, 10, Duration.ofSeconds(5), new SimpleCounter(), new SimpleCounter())) {
            for (Alert a : alerts) {
                w.write(a, null);
            }
            w.flush(true);
        }
    }

    @Override
    public void close() throws IOException {
        console.close();
        connection.close();
        client.shutdown();
        redisServer.stop();
    }
}
