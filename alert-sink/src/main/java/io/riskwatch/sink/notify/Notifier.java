package io.riskwatch.sink.notify;

import io.riskwatch.alert.Alert;
import java.util.List;

/**
 * One notification channel (a webhook, a WeCom or DingTalk robot, Slack, e-mail). {@link #send} delivers one
 * message covering a batch of alerts, or throws; retries, rate limits and batching are the dispatcher's.
 */
public interface Notifier extends AutoCloseable {
    /** A name for logs and failure records, e.g. {@code webhook:ops}. */
    String channel();

    void send(List<Alert> alerts) throws NotifyException;

    @Override
    default void close() {}
}
