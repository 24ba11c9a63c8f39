package io.riskwatch.sink.redis;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of a replay's Redis writes, for the command that runs it: whether Redis was ever reached, whether the
 * writers gave up on it (and why), and how many alerts and held-back alerts were not stored. A replay runs its job on
 * an embedded MiniCluster in the command's own JVM; the command {@linkplain #open opens} an outcome and gives its
 * {@link #key()} to the sinks ({@link RedisResilience#continueWithout}), whose writers find it again here. A job on
 * a cluster finds none and its writers log instead.
 */
public final class RedisOutcome implements AutoCloseable {
    private static final Map<String, RedisOutcome> OPEN = new ConcurrentHashMap<>();

    private final String key;
    private final AtomicBoolean reached = new AtomicBoolean();
    private final AtomicBoolean announced = new AtomicBoolean();
    private final LongAdder outages = new LongAdder();
    private final AtomicReference<String> gaveUp = new AtomicReference<>();
    private final LongAdder alertsNotStored = new LongAdder();
    private final LongAdder heldBackNotStored = new LongAdder();

    private RedisOutcome(String key) {
        this.key = key;
    }

    /** A new outcome, registered until {@link #close()}. */
    public static RedisOutcome open() {
        RedisOutcome o = new RedisOutcome(UUID.randomUUID().toString());
        OPEN.put(o.key, o);
        return o;
    }

    /** The outcome of this key in this JVM, or null. */
    static RedisOutcome find(String key) {
        return key == null ? null : OPEN.get(key);
    }

    public String key() {
        return key;
    }

    /** A writer connected to Redis at least once. */
    public boolean reached() {
        return reached.get();
    }

    /** The first writer's reason for giving up on Redis (one line naming the host), or null while none did. */
    public String gaveUp() {
        return gaveUp.get();
    }

    public long alertsNotStored() {
        return alertsNotStored.sum();
    }

    public long heldBackNotStored() {
        return heldBackNotStored.sum();
    }

    /** How many times a writer found Redis not answering (and retried), ridden out or not. */
    public long outages() {
        return outages.sum();
    }

    /** True for the first writer to report an outage: the one that logs it (the others would repeat it). */
    boolean announce() {
        outages.increment();
        return announced.compareAndSet(false, true);
    }

    void connected() {
        reached.set(true);
    }

    void gaveUp(String line) {
        gaveUp.compareAndSet(null, line);
    }

    void alertsNotStored(long n) {
        alertsNotStored.add(n);
    }

    void heldBackNotStored(long n) {
        heldBackNotStored.add(n);
    }

    @Override
    public void close() {
        OPEN.remove(key);
    }
}
