package io.riskwatch.sink.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes held-back alerts to {@link RedisLayout#heldBack()} and {@link RedisLayout#heldBackByTime()}, pipelined:
 * commands go out in batches of {@link #BATCH} or at {@link #flush()}. Both writes are keyed by the alert id, so
 * writing an alert again (a replay, a restart from a checkpoint) changes nothing.
 */
public final class HeldBackStore implements AutoCloseable {
    static final int BATCH = 500;

    private final RedisLayout layout;
    private final RedisConnections.Handle handle;
    private final RedisAsyncCommands<String, String> redis;
    private final Duration timeout;
    private final List<RedisFuture<?>> pending = new ArrayList<>();

    public HeldBackStore(String uri, String passwordEnv, String prefix, Duration timeout) {
        this.layout = new RedisLayout(prefix);
        this.handle = RedisConnections.open(uri, passwordEnv, timeout);
        this.handle.connection().setAutoFlushCommands(false);
        this.redis = handle.connection().async();
        this.timeout = timeout;
    }

    /** @param json the alert's JSON with its {@code suppressed} reason */
    public void put(String alertId, long tsMillis, String json) {
        pending.add(redis.hset(layout.heldBack(), alertId, json));
        pending.add(redis.zadd(layout.heldBackByTime(), tsMillis, alertId));
        if (pending.size() >= 2 * BATCH) {
            flush();
        }
    }

    /** Sends what is waiting and waits for Redis to confirm it. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        handle.connection().flushCommands();
        RedisFuture<?>[] futures = pending.toArray(new RedisFuture<?>[0]);
        pending.clear();
        if (!LettuceFutures.awaitAll(timeout, futures)) {
            throw new IllegalStateException(
                    "Redis did not confirm " + futures.length / 2 + " held-back alert(s) within " + timeout);
        }
    }

    @Override
    public void close() {
        handle.close();
    }
}
