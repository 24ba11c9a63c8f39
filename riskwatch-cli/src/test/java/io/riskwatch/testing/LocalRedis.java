package io.riskwatch.testing;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real redis-server (embedded-redis runs the binary) on a free local port, stopped on close. */
public final class LocalRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private LocalRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server on a port no one is listening on. */
    public static LocalRedis start() throws IOException {
        int port = freePort();
        RedisServer server = new RedisServer(port);
        server.start();
        return new LocalRedis(server, port);
    }

    /** A port free at the time of the call. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT} */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
