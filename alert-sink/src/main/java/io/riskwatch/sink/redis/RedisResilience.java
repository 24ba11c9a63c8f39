package io.riskwatch.sink.redis;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a Redis sink meets a Redis that does not answer: it retries with backoff (200 ms doubling to 5 s) for
 * {@code retryFor}; what it does then depends on the job. Live ({@link #failAfter}): the writer fails, so the job
 * restarts from its last checkpoint (its restart strategy) and writes again what the checkpoint did not cover; the
 * writes are idempotent. A replay ({@link #continueWithout}): the writer stops writing to Redis for the rest of the
 * run and counts what it did not store, so the alerts and dead letters files are complete whatever Redis does.
 *
 * @param retryFor how long one outage is retried
 * @param outcomeKey a replay's {@link RedisOutcome} key (null: live, fail after the retries)
 */
public record RedisResilience(Duration retryFor, String outcomeKey) implements Serializable {
    /** {@code redis.retryFor}'s default. */
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofSeconds(60);

    public RedisResilience {
        if (retryFor == null || retryFor.isNegative()) {
            throw new IllegalArgumentException("retryFor must be >= 0");
        }
    }

    public static RedisResilience failAfter(Duration retryFor) {
        return new RedisResilience(retryFor, null);
    }

    /** @param outcomeKey the replay's {@link RedisOutcome#key()} */
    public static RedisResilience continueWithout(Duration retryFor, String outcomeKey) {
        if (outcomeKey == null) {
            throw new IllegalArgumentException("a replay going on without Redis needs an outcome key");
        }
        return new RedisResilience(retryFor, outcomeKey);
    }

    boolean givesUp() {
        return outcomeKey != null;
    }
}
