package io.riskwatch.sink.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.riskwatch.alert.Alert;
import io.riskwatch.sink.notify.FailureRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records failed notifications in the {@code <prefix>:notify:failed} stream (alertId, channel, reason, at),
 * where operations can list and resend them. If Redis itself is unreachable the failure is logged instead.
 */
public final class RedisFailureRecorder implements FailureRecorder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFailureRecorder.class);
    private final RedisLayout layout;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public RedisFailureRecorder(String uri, String passwordEnv, RedisLayout layout) {
        this.layout = layout;
        RedisConnections.Handle handle = RedisConnections.open(uri, passwordEnv, Duration.ofSeconds(5));
        client = handle.client();
        connection = handle.connection();
    }

    @Override
    public synchronized void failed(String channel, List<Alert> alerts, String reason) {
        String at = Instant.now().toString();
        for (Alert a : alerts) {
            try {
                connection
                        .sync()
                        .xadd(
                                layout.notifyFailed(),
                                XAddArgs.Builder.maxlen(1_000_000).approximateTrimming(),
                                Map.of(
                                        "alertId",
                                        a.alertId(),
                                        "channel",
                                        channel,
                                        "reason",
                                        reason == null ? "" : reason,
                                        "at",
                                        at));
            } catch (RuntimeException e) {
                LOG.error(
                        "notification of {} to {} failed ({}) and could not be recorded in Redis: {}",
                        a.alertId(),
                        channel,
                        reason,
                        e.getMessage());
            }
        }
    }

    /** The alert's notification is settled (delivered, or recorded above): it leaves the pending set. */
    public synchronized void settled(Alert a) {
        try {
            connection.sync().srem(layout.notifyPending(), a.alertId());
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not clear {} from {}: {} (it may be notified again after a restart)",
                    a.alertId(),
                    layout.notifyPending(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
