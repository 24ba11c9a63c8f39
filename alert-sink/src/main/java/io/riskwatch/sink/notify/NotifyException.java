package io.riskwatch.sink.notify;

import java.time.Duration;

/**
 * A notification that did not go through. Retryable for timeouts, connection failures, 5xx and 429 (with the
 * server's Retry-After when it gave one); not retryable for other 4xx (a bad token or payload stays bad).
 */
public final class NotifyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;
    private final transient Duration retryAfter;

    public NotifyException(String reason, boolean retryable, Duration retryAfter, Throwable cause) {
        super(reason, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The delay the server asked for, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
