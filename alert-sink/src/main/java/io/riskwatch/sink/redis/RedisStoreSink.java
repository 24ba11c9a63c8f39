package io.riskwatch.sink.redis;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that opens one Redis-backed store per writer (subtask) and hands it each record; the store is flushed at
 * every checkpoint and at the end of input, and closed with the writer. Subclasses say how to open and write.
 * Opening and flushing are retried through an outage as {@link RedisResilience} says; a store's flush sends
 * everything since the last one that succeeded again, so it must be idempotent.
 *
 * @param <T> the records
 * @param <S> the store
 */
public abstract class RedisStoreSink<T, S extends AutoCloseable> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    /** A writer waits for Redis to confirm at the latest after this many records. */
    static final int FLUSH_EVERY = 500;

    protected final String uri;
    protected final String passwordEnv;
    protected final String prefix;
    protected final Duration timeout;
    private final RedisResilience resilience;

    protected RedisStoreSink(
            String uri, String passwordEnv, String prefix, Duration timeout, RedisResilience resilience) {
        this.uri = uri;
        this.passwordEnv = passwordEnv;
        this.prefix = prefix;
        this.timeout = timeout;
        this.resilience = resilience;
    }

    /** @throws IllegalStateException when Redis cannot be reached */
    protected abstract S open();

    protected abstract void write(S store, T record) throws IOException;

    /**
     * Makes what was written since the last successful flush durable in Redis, sending it all again if called again
     * after a failure; nothing by default (stores that write synchronously).
     */
    protected void flush(S store) {}

    /** How many records written since the last successful flush (what a replay going on without Redis loses). */
    protected long unflushed(S store) {
        return 0;
    }

    @Override
    public final SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        RedisRetry retry = new RedisRetry(RedisConnections.where(uri), resilience);
        S opened;
        try {
            opened = retry.get("connecting", this::open);
        } catch (RedisRetry.GaveUp e) {
            opened = null;
            giveUp(retry, e, 0);
        }
        S store = opened;
        if (store != null && retry.outcome() != null) {
            retry.outcome().connected();
        }
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context ctx) throws IOException {
                if (store == null || down[0]) {
                    notStored(retry, 1);
                    return;
                }
                RedisStoreSink.this.write(store, record);
                if (unflushed(store) >= FLUSH_EVERY) {
                    flush(false);
                }
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                if (store == null || down[0]) {
                    return;
                }
                try {
                    retry.get("writing to Redis", () -> {
                        RedisStoreSink.this.flush(store);
                        return null;
                    });
                } catch (RedisRetry.GaveUp e) {
                    down[0] = true;
                    giveUp(retry, e, unflushed(store));
                }
            }

            private final boolean[] down = {false};

            @Override
            public void close() throws Exception {
                if (store != null) {
                    store.close();
                }
            }
        };
    }

    private static void giveUp(RedisRetry retry, RedisRetry.GaveUp e, long notStored) throws IOException {
        retry.giveUp(e);
        notStored(retry, notStored);
    }

    private static void notStored(RedisRetry retry, long n) {
        if (retry.outcome() != null) {
            retry.outcome().heldBackNotStored(n);
        }
    }
}
