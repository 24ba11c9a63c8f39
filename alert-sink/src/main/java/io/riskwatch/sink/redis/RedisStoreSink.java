package io.riskwatch.sink.redis;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that opens one Redis-backed store per writer (subtask) and hands it each record; the store is flushed at
 * every checkpoint and at the end of input, and closed with the writer. Subclasses say how to open and write.
 *
 * @param <T> the records
 * @param <S> the store
 */
public abstract class RedisStoreSink<T, S extends AutoCloseable> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    protected final String uri;
    protected final String passwordEnv;
    protected final String prefix;
    protected final Duration timeout;

    protected RedisStoreSink(String uri, String passwordEnv, String prefix, Duration timeout) {
        this.uri = uri;
        this.passwordEnv = passwordEnv;
        this.prefix = prefix;
        this.timeout = timeout;
    }

    /** @throws IllegalStateException when Redis cannot be reached */
    protected abstract S open();

    protected abstract void write(S store, T record) throws IOException;

    /** Makes what was written durable in Redis; nothing by default (stores that write synchronously). */
    protected void flush(S store) {}

    @Override
    public final SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        S store;
        try {
            store = open();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context ctx) throws IOException {
                RedisStoreSink.this.write(store, record);
            }

            @Override
            public void flush(boolean endOfInput) {
                RedisStoreSink.this.flush(store);
            }

            @Override
            public void close() throws Exception {
                store.close();
            }
        };
    }
}
