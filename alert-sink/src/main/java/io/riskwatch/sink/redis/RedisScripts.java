package io.riskwatch.sink.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts on the classpath; those that time their audit entries get {@code redis/clock.lua} before them. */
final class RedisScripts {
    private RedisScripts() {}

    static String load(String resource) {
        return read(resource);
    }

    /** The script with {@code now()} (Redis's own clock as epoch ms and ISO-8601) defined before it. */
    static String withClock(String resource) {
        return read("redis/clock.lua") + "\n" + read(resource);
    }

    private static String read(String resource) {
        try (InputStream in = RedisScripts.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
