package io.riskwatch.sink.redis;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerts as risk officers handle them: list, show, acknowledge, close with an outcome. Every change is
 * one Lua script (check the status, change it, append to the audit trail), so concurrent officers cannot
 * lose a change. ACKED alerts stay in the open set until they are closed.
 */
public final class AlertStore implements AutoCloseable {
    /** Why an alert was closed. */
    public enum Outcome {
        CONFIRMED,
        FALSE_POSITIVE,
        NOTED,
        REPORTED
    }

    /** One alert hash, as stored. */
    public record StoredAlert(String alertId, Map<String, String> fields) {
        public String status() {
            return fields.get("status");
        }
    }

    /** A refused change (unknown alert, wrong status); the message says why. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    private static final String TRANSITION = RedisScripts.load("redis/transition.lua");

    private final RedisLayout layout;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    public AlertStore(String uri, String passwordEnv, RedisLayout layout) {
        this.layout = layout;
        RedisConnections.Handle handle = RedisConnections.open(uri, passwordEnv, Duration.ofSeconds(10));
        client = handle.client();
        connection = handle.connection();
        redis = connection.sync();
    }

    /**
     * Alerts, most urgent (open) or newest first.
     *
     * @param status OPEN, ACKED, CLOSED, or null for any
     * @param rule a rule id, or null
     * @param clientId a client, or null
     */
    public List<StoredAlert> list(String status, String rule, String clientId, int limit) {
        List<String> ids;
        if (clientId != null) {
            ids = redis.zrevrange(layout.client(clientId), 0, -1);
        } else if ("OPEN".equals(status) || "ACKED".equals(status)) {
            ids = redis.zrevrange(layout.open(), 0, -1);
        } else {
            ids = new ArrayList<>();
            for (StreamMessage<String, String> m : redis.xrevrange(layout.alerts(), Range.create("-", "+"))) {
                ids.add(m.getBody().get("alertId"));
            }
        }
        List<StoredAlert> out = new ArrayList<>();
        for (String id : ids) {
            if (out.size() >= limit) {
                break;
            }
            Map<String, String> fields = redis.hgetall(layout.alert(id));
            if (fields.isEmpty()) {
                continue;
            }
            if ((status == null || status.equals(fields.get("status")))
                    && (rule == null || rule.equals(fields.get("rule")))) {
                out.add(new StoredAlert(id, fields));
            }
        }
        return out;
    }

    /** One alert, or null when there is none with this id. */
    public StoredAlert show(String alertId) {
        Map<String, String> fields = redis.hgetall(layout.alert(alertId));
        return fields.isEmpty() ? null : new StoredAlert(alertId, fields);
    }

    /** The alert's lifecycle changes, oldest first. */
    public List<Map<String, String>> history(String alertId) {
        return redis.xrange(layout.audit(alertId), Range.create("-", "+")).stream()
                .map(StreamMessage::getBody)
                .toList();
    }

    /** OPEN -> ACKED. @return the previous status */
    public String ack(String alertId, String by, String comment) {
        return transition("ack", alertId, by, "", comment);
    }

    /** OPEN or ACKED -> CLOSED with an outcome; leaves the open set. @return the previous status */
    public String close(String alertId, String by, Outcome outcome, String comment) {
        return transition("close", alertId, by, outcome.name(), comment);
    }

    private String transition(String action, String alertId, String by, String outcome, String comment) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("say who acts: --by NAME");
        }
        String[] keys = {layout.alert(alertId), layout.open(), layout.audit(), layout.audit(alertId)};
        try {
            return redis.eval(
                    TRANSITION,
                    ScriptOutputType.VALUE,
                    keys,
                    action,
                    by,
                    Instant.now().toString(),
                    outcome,
                    comment == null ? "" : comment,
                    alertId);
        } catch (RedisCommandExecutionException e) {
            String message = e.getMessage() == null ? "refused" : e.getMessage();
            throw new RefusedException(message.replaceFirst("^ERR ", ""));
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
