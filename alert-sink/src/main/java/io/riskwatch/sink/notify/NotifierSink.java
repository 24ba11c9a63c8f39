package io.riskwatch.sink.notify;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.route.RoutingPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifies every alert it receives along a {@link RoutingPlan}, for jobs without Redis. Nothing remembers what
 * was sent, so replaying the same input notifies again: with Redis, use
 * {@link io.riskwatch.sink.redis.RedisAlertSink.Builder#notify} instead, which notifies only newly stored alerts.
 * Failures after the retries are logged (one line per batch), since there is no Redis to record them in.
 */
public final class NotifierSink implements Sink<Alert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NotifierSink.class);
    private final RoutingPlan plan;
    private final Duration timeout;
    private final Duration drain;

    public NotifierSink(RoutingPlan plan, Duration timeout, Duration drain) {
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("no notification channels configured");
        }
        this.plan = plan;
        this.timeout = timeout;
        this.drain = drain;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) throws IOException {
        try {
            Notifications notifications = new Notifications(plan, NotifierSink::logFailure, timeout);
            notifications.registerMetrics(context.metricGroup());
            return new Writer(notifications, drain);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void logFailure(String channel, List<Alert> alerts, String reason) {
        LOG.error(
                "not notified to {} (no Redis to record it in): {} alert(s) {}: {}",
                channel,
                alerts.size(),
                alerts.stream().map(Alert::alertId).toList(),
                reason);
    }

    private static final class Writer implements SinkWriter<Alert> {
        private final Notifications notifications;
        private final Duration drain;

        Writer(Notifications notifications, Duration drain) {
            this.notifications = notifications;
            this.drain = drain;
        }

        @Override
        public void write(Alert alert, Context context) {
            notifications.notify(alert);
        }

        @Override
        public void flush(boolean endOfInput) {
            if (endOfInput) {
                try {
                    notifications.awaitIdle(drain);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            notifications.close(drain);
        }
    }
}
