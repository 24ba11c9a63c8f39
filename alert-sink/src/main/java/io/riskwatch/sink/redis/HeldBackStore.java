package io.riskwatch.sink.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes held-back alerts to {@link RedisLayout#heldBack()} and {@link RedisLayout#heldBackByTime()}, pipelined:
 * commands go out as they come and are confirmed at {@link #flush()}. Both writes are keyed by the alert id, so
 * writing an alert again (a replay, a restart from a checkpoint, a flush retried after an outage) changes nothing.
 */
public final class HeldBackStore implements AutoCloseable {
    private record Item(String alertId, long tsMillis, String json) {}

    private final RedisLayout layout;
    private final RedisConnections.Handle handle;
    private final RedisAsyncCommands<String, String> redis;
    private final Duration timeout;
    /** Written since the last confirmed flush. */
    private final List<Item> unconfirmed = new ArrayList<>();

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
        Item item = new Item(alertId, tsMillis, json);
        unconfirmed.add(item);
        send(item);
    }

    /** Alerts put since the last confirmed flush. */
    public int unconfirmed() {
        return unconfirmed.size();
    }

    private void send(Item item) {
        pending.add(redis.hset(layout.heldBack(), item.alertId(), item.json()));
        pending.add(redis.zadd(layout.heldBackByTime(), item.tsMillis(), item.alertId()));
    }

    /**
     * Sends what is waiting and waits for Redis to confirm it; after a failure, the next call sends everything
     * unconfirmed again.
     *
     * @throws RedisException when Redis does not confirm within the timeout
     */
    public void flush() {
        if (unconfirmed.isEmpty()) {
            return;
        }
        if (pending.isEmpty()) {
            unconfirmed.forEach(this::send);
        }
        handle.connection().flushCommands();
        RedisFuture<?>[] futures = pending.toArray(new RedisFuture<?>[0]);
        pending.clear();
        if (!LettuceFutures.awaitAll(timeout, futures)) {
            throw new RedisException(
                    "Redis did not confirm " + unconfirmed.size() + " held-back alert(s) within " + timeout);
        }
        unconfirmed.clear();
    }

    @Override
    public void close() {
        handle.close();
    }
}
