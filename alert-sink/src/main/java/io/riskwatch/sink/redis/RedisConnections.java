package io.riskwatch.sink.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The one way riskwatch connects to Redis: URI (redis:// or rediss://), the password from an environment
 * variable or from the file named by {@code <that variable>_FILE} (never from the URI or the command line),
 * for {@code rediss://} the CA certificate (PEM) named by {@code RISKWATCH_REDIS_CA_FILE} (else the JVM's trust
 * store), timeouts, auto-reconnect, and a clear error naming the host when the connection fails.
 */
public final class RedisConnections {
    /** A PEM file with the CA (or self-signed server) certificate to trust for {@code rediss://}. */
    public static final String CA_FILE_ENV = "RISKWATCH_REDIS_CA_FILE";

    /** A client and its connection, closed together. */
    public record Handle(RedisClient client, StatefulRedisConnection<String, String> connection, RedisURI uri)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                connection.close();
            } finally {
                client.shutdown();
            }
        }
    }

    private RedisConnections() {}

    /** A client and one connection to {@code uri} (password, TLS and timeouts as above). */
    public static Handle open(String uri, String passwordEnv, Duration timeout) {
        return open(uri, passwordEnv, timeout, System::getenv);
    }

    /** @param env the environment to read (tests pass their own) */
    static Handle open(String uri, String passwordEnv, Duration timeout, UnaryOperator<String> env) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(timeout);
        String password = password(passwordEnv, env);
        if (password != null) {
            redisUri.setAuthentication(password.toCharArray());
        }
        RedisClient client = RedisClient.create(redisUri);
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build());
        String ca = env.apply(CA_FILE_ENV);
        if (ca != null && !ca.isBlank()) {
            if (!Files.isReadable(Path.of(ca))) {
                client.shutdown();
                throw new IllegalStateException(CA_FILE_ENV + " names " + ca + ", which cannot be read");
            }
            options.sslOptions(SslOptions.builder()
                    .jdkSslProvider()
                    .trustManager(new File(ca))
                    .build());
        }
        client.setOptions(options.build());
        try {
            return new Handle(client, client.connect(), redisUri);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException(
                    "cannot connect to Redis at " + redisUri.getHost() + ":" + redisUri.getPort() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static String password(String passwordEnv, UnaryOperator<String> env) {
        if (passwordEnv == null) {
            return null;
        }
        String direct = env.apply(passwordEnv);
        if (direct != null && !direct.isEmpty()) {
            return direct;
        }
        String file = env.apply(passwordEnv + "_FILE");
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(passwordEnv + "_FILE names " + file + ", which cannot be read");
        }
    }
}
