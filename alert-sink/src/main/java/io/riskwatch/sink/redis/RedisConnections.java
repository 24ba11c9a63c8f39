package io.riskwatch.sink.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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

    /** Redis did not accept a connection (down, unreachable, refusing): an outage, worth retrying. */
    public static final class Unreachable extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RedisConnections() {}

    /**
     * A checked URI as riskwatch shows it: scheme, host, port and database only ({@code redis://10.0.0.5:6379/0});
     * nothing else of what was typed (a query, a fragment) is repeated.
     */
    public static String display(String uri) {
        checkUri(uri);
        RedisURI parsed = RedisURI.create(uri);
        return (parsed.isSsl() ? "rediss://" : "redis://") + parsed.getHost() + ":" + parsed.getPort() + "/"
                + parsed.getDatabase();
    }

    /** {@code host:port} of a checked URI: what riskwatch names when it talks about this Redis (never a secret). */
    public static String where(String uri) {
        checkUri(uri);
        RedisURI parsed = RedisURI.create(uri);
        return parsed.getHost() + ":" + parsed.getPort();
    }

    /**
     * Refuses a URI that is not {@code redis://} or {@code rediss://}, is malformed, or carries a user or password
     * (with or without a colon, escaped or not). The message never repeats the URI: it may hold a secret.
     *
     * @throws IllegalArgumentException with one line saying what to do
     */
    public static void checkUri(String uri) {
        if (uri == null || !(uri.startsWith("redis://") || uri.startsWith("rediss://"))) {
            throw new IllegalArgumentException("the Redis URI must start with redis:// or rediss://");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the Redis URI is malformed (expected redis://host:port/db)");
        }
        String authority = parsed.getRawAuthority();
        if (parsed.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            throw new IllegalArgumentException("the Redis URI must not carry a user or password: put the password in "
                    + "the environment variable RISKWATCH_REDIS_PASSWORD"
                    + " (or a file named by RISKWATCH_REDIS_PASSWORD_FILE)");
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("the Redis URI names no host (expected redis://host:port/db)");
        }
    }

    /** A client and one connection to {@code uri} (password, TLS and timeouts as above). */
    public static Handle open(String uri, String passwordEnv, Duration timeout) {
        return open(uri, passwordEnv, timeout, System::getenv);
    }

    /** @param env the environment to read (tests pass their own) */
    static Handle open(String uri, String passwordEnv, Duration timeout, UnaryOperator<String> env) {
        checkUri(uri);
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
            String message = "cannot connect to Redis at " + redisUri.getHost() + ":" + redisUri.getPort() + ": "
                    + e.getMessage();
            // Redis answered with an error (a wrong password, no AUTH): not an outage, retrying will not help
            throw refused(e) ? new IllegalStateException(message, e) : new Unreachable(message, e);
        }
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException) {
                return true;
            }
        }
        return false;
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
