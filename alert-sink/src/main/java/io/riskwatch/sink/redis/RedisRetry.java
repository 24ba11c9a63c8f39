package io.riskwatch.sink.redis;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.function.CheckedSupplier;
import io.lettuce.core.RedisCommandExecutionException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer's retries of one Redis ({@link RedisResilience}): an attempt that fails for an outage (no connection, a
 * timeout, Redis still loading its data) is tried again with backoff until {@code retryFor} has passed; an error
 * retrying cannot mend (a wrong password, a refused script) is not retried. One line when an outage starts, one
 * when it ends or is given up on; never a stack trace.
 */
final class RedisRetry {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRetry.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** A shorter {@code retryFor} means: one immediate retry only. */
    static final Duration MIN_RETRY_FOR = Duration.ofMillis(100);

    /** The retries ran out: {@link #getMessage()} is the one line to report. */
    static final class GaveUp extends Exception {
        private static final long serialVersionUID = 1L;

        GaveUp(String line, Throwable cause) {
            super(line, cause, false, false);
        }
    }

    private final String where;
    private final RedisResilience resilience;
    private final RedisOutcome outcome;

    RedisRetry(String where, RedisResilience resilience) {
        this.where = where;
        this.resilience = resilience;
        this.outcome = RedisOutcome.find(resilience.outcomeKey());
    }

    /** Whether the writer goes on without Redis after the retries (a replay) instead of failing (live). */
    boolean givesUp() {
        return resilience.givesUp();
    }

    /**
     * The retries ran out. Live: fails the writer (the job restarts from its checkpoint). A replay: records the one
     * line in the outcome for the command to report (without one in this JVM, logs it) and returns; the caller then
     * stops writing to Redis for the rest of the run and counts what it does not store.
     */
    void giveUp(GaveUp e) throws IOException {
        if (!givesUp()) {
            throw new IOException(e.getMessage() + "; the job restarts from its last checkpoint");
        }
        if (outcome != null) {
            outcome.gaveUp(e.getMessage());
            LOG.debug("{}; the rest of this run is not stored in Redis", e.getMessage());
        } else {
            LOG.warn("{}; the rest of this run is not stored in Redis", e.getMessage());
        }
    }

    /** The replay's outcome in this JVM, or null. */
    RedisOutcome outcome() {
        return outcome;
    }

    /**
     * Runs {@code attempt} until it succeeds, retrying outages for {@code retryFor}.
     *
     * @param what what is being done, for the report ("connecting", "storing 12 alert(s)")
     * @throws GaveUp after {@code retryFor} of failures
     * @throws IOException at once, for an error retrying cannot mend
     */
    <T> T get(String what, CheckedSupplier<T> attempt) throws GaveUp, IOException {
        boolean[] failedBefore = {false};
        boolean[] announced = {false};
        Duration retryFor = resilience.retryFor();
        RetryPolicyBuilder<T> builder = RetryPolicy.<T>builder().handleIf(RedisRetry::isOutage);
        if (retryFor.compareTo(MIN_RETRY_FOR) < 0) {
            // at once, once: enough for a Redis that restarted and lost its script cache (NOSCRIPT)
            builder.withMaxRetries(1);
        } else {
            Duration maxBackoff =
                    MAX_BACKOFF.compareTo(retryFor.dividedBy(4)) < 0 ? MAX_BACKOFF : retryFor.dividedBy(4);
            Duration first = FIRST_BACKOFF.compareTo(maxBackoff) < 0 ? FIRST_BACKOFF : maxBackoff.dividedBy(2);
            builder.withBackoff(first, maxBackoff).withMaxRetries(-1).withMaxDuration(retryFor);
        }
        RetryPolicy<T> policy = builder.onFailedAttempt(e -> {
                    if (!failedBefore[0] && isOutage(e.getLastException())) {
                        failedBefore[0] = true;
                        // a replay's writers share one outcome: only the first to meet the outage says so
                        announced[0] = outcome == null || outcome.announce();
                        if (!announced[0]) {
                            return;
                        }
                        LOG.info(
                                "Redis at {} did not answer ({}) while {}; retrying for up to {}s",
                                where,
                                describe(e.getLastException()),
                                what,
                                resilience.retryFor().toSeconds());
                    }
                })
                .build();
        try {
            T result = Failsafe.with(policy).get(attempt);
            if (announced[0]) {
                LOG.info("Redis at {} answers again", where);
            }
            return result;
        } catch (FailsafeException e) {
            throw verdict(what, e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            throw verdict(what, e);
        }
    }

    /** An outage given up on, or at once an error retrying cannot mend: one line either way. */
    private GaveUp verdict(String what, Throwable last) throws IOException {
        if (!isOutage(last)) {
            throw new IOException("Redis at " + where + " refused " + what + ": " + describe(last), last);
        }
        return new GaveUp(
                "Redis at " + where + " did not answer for "
                        + resilience.retryFor().toSeconds() + "s (" + describe(last) + ") while " + what,
                last);
    }

    /** An outage: worth waiting for. An error Redis answered with is one only while it starts or fails over. */
    static boolean isOutage(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof RedisCommandExecutionException r) {
            String m = r.getMessage() == null ? "" : r.getMessage();
            return m.startsWith("LOADING")
                    || m.startsWith("BUSY")
                    || m.startsWith("MASTERDOWN")
                    || m.startsWith("TRYAGAIN")
                    || m.startsWith("NOSCRIPT");
        }
        if (t instanceof IllegalArgumentException) {
            return false;
        }
        return !(t instanceof IllegalStateException) || t instanceof RedisConnections.Unreachable;
    }

    /** The failure in a few words: its message, without a stack. */
    static String describe(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof RedisConnections.Unreachable) {
            while (t.getCause() != null) {
                t = t.getCause(); // "Connection refused", not the wrapper's own sentence
            }
        }
        if (t instanceof TimeoutException) {
            return "no reply within the command timeout";
        }
        String m = t.getMessage();
        return m == null || m.isBlank()
                ? t.getClass().getSimpleName()
                : m.strip().replaceAll("\\s+", " ");
    }
}
