package io.riskwatch.sink.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * The one way riskwatch connects to Redis: URI (redis:// or rediss://), the password from an environment
 * variable (never from the URI or the command line), timeouts, auto-reconnect, and a clear error naming the
 * host when the connection fails.
 */
final class RedisConnections {
    /** A client and its connection, closed together. */
    record Handle(RedisClient client, StatefulRedisConnection<String, String> connection, RedisURI uri)
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

    static Handle open(String uri, String passwordEnv, Duration timeout) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(timeout);
        if (passwordEnv != null && System.getenv(passwordEnv) != null) {
            redisUri.setAuthentication(System.getenv(passwordEnv).toCharArray());
        }
        RedisClient client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        try {
            return new Handle(client, client.connect(), redisUri);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("cannot connect to Redis at " + redisUri.getHost() + ":"
                    + redisUri.getPort() + ": " + e.getMessage(), e);
        }
    }
}
