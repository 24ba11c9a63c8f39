package io.riskwatch.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** A real redis-server (embedded-redis runs the binary) on a free local port, stopped on close. */
public final class LocalRedis implements AutoCloseable {
    private RedisServer server;
    private final int port;
    private final Path dataDir;

    private LocalRedis(RedisServer server, int port, Path dataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts a server on a port no one is listening on. */
    public static LocalRedis start() throws IOException {
        int port = freePort();
        RedisServer server = new RedisServer(port);
        server.start();
        return new LocalRedis(server, port, null);
    }

    /** A server on the given port (one a test reserved while nothing listened on it). */
    public static LocalRedis startOn(int port) throws IOException {
        RedisServer server = new RedisServer(port);
        server.start();
        return new LocalRedis(server, port, null);
    }

    /** A server that keeps its data in an append-only file in {@code dataDir}, synced at every write. */
    public static LocalRedis startPersistent(Path dataDir) throws IOException {
        int port = freePort();
        LocalRedis redis = new LocalRedis(persistent(port, dataDir), port, dataDir);
        redis.server.start();
        return redis;
    }

    private static RedisServer persistent(int port, Path dataDir) throws IOException {
        return RedisServer.newRedisServer()
                .port(port)
                .setting("appendonly yes")
                .setting("appendfsync always")
                .setting("dir " + dataDir.toAbsolutePath())
                .build();
    }

    /** Stops the server (its clients see their connections close). */
    public void stop() throws IOException {
        server.stop();
    }

    /** Starts it again on the same port, with the data it kept when persistent. */
    public void startAgain() throws IOException {
        server = dataDir != null ? persistent(port, dataDir) : new RedisServer(port);
        server.start();
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
        if (server.isActive()) {
            server.stop();
        }
    }
}
