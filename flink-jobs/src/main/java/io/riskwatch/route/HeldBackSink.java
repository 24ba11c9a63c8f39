package io.riskwatch.route;

import io.riskwatch.sink.redis.HeldBackStore;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Alerts held back by the route stage (cooldown, a runaway rule) to Redis's held-back keys
 * ({@code <prefix>:heldback}, {@code <prefix>:heldback:ts}), confirmed at every checkpoint. Duplicates are not
 * written: Redis holds them already as delivered alerts.
 */
public final class HeldBackSink implements Sink<SuppressedAlert> {
    private static final long serialVersionUID = 1L;

    private final String uri;
    private final String passwordEnv;
    private final String prefix;
    private final Duration timeout;

    public HeldBackSink(String uri, String passwordEnv, String prefix, Duration timeout) {
        this.uri = uri;
        this.passwordEnv = passwordEnv;
        this.prefix = prefix;
        this.timeout = timeout;
    }

    @Override
    public SinkWriter<SuppressedAlert> createWriter(WriterInitContext context) throws IOException {
        HeldBackStore store;
        try {
            store = new HeldBackStore(uri, passwordEnv, prefix, timeout);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new SinkWriter<>() {
            @Override
            public void write(SuppressedAlert s, Context ctx) {
                if (!SuppressedAlert.DUPLICATE.equals(s.reason())) {
                    store.put(s.alert().alertId(), s.alert().tsMillis(), s.json());
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                store.flush();
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }
}
