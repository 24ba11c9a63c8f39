package io.riskwatch.suppress;

import io.riskwatch.sink.redis.HeldBackStore;
import io.riskwatch.sink.redis.RedisResilience;
import io.riskwatch.sink.redis.RedisStoreSink;
import java.time.Duration;

/**
 * Alerts held back by the suppression stage (cooldown, a runaway rule) to Redis's held-back keys
 * ({@code <prefix>:heldback}, {@code <prefix>:heldback:ts}), confirmed at every checkpoint. Duplicates are not
 * written: Redis holds them already as delivered alerts.
 */
public final class HeldBackSink extends RedisStoreSink<SuppressedAlert, HeldBackStore> {
    private static final long serialVersionUID = 1L;

    public HeldBackSink(String uri, String passwordEnv, String prefix, Duration timeout, RedisResilience resilience) {
        super(uri, passwordEnv, prefix, timeout, resilience);
    }

    @Override
    protected HeldBackStore open() {
        return new HeldBackStore(uri, passwordEnv, prefix, timeout);
    }

    @Override
    protected void write(HeldBackStore store, SuppressedAlert s) {
        if (!SuppressedAlert.DUPLICATE.equals(s.reason())) {
            store.put(s.alert().alertId(), s.alert().tsMillis(), s.json());
        }
    }

    @Override
    protected void flush(HeldBackStore store) {
        store.flush();
    }

    @Override
    protected long unflushed(HeldBackStore store) {
        return store.unconfirmed();
    }
}
