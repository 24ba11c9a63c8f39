package io.riskwatch.console;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.sink.redis.RedisConnections;
import io.riskwatch.sink.redis.RedisLayout;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's reads of the contract's Redis layout: the inbox (open alerts, most urgent first, from the open
 * set; closed or all alerts newest first from the alerts stream), one alert, its audit trail. Every row passes
 * through {@link Users.User#maySee} before it leaves.
 */
final class AlertInbox implements AutoCloseable {
    /** How far back a search through the alerts stream goes (closed or all alerts without a client filter). */
    static final int MAX_SCANNED = 20_000;
    /** The console's JSON: amounts keep their scale and are written plain (2000000.00 stays 2000000.00). */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /**
     * What the inbox shows; null fields do not filter. {@code status}: ACTIVE (OPEN or ACKED: the open set, which
     * an alert leaves only when closed), OPEN, ACKED, CLOSED or ALL.
     */
    record Query(
            String status, String rule, String clientId, String brokerId, String severity, String groupId, int limit) {
        Query(String status, String rule, String clientId, String brokerId, String severity, int limit) {
            this(status, rule, clientId, brokerId, severity, null, limit);
        }
    }

    private final RedisLayout layout;
    private final RedisConnections.Handle handle;
    private final RedisCommands<String, String> redis;

    AlertInbox(String uri, String passwordEnv, RedisLayout layout) {
        this.layout = layout;
        this.handle = RedisConnections.open(uri, passwordEnv, Duration.ofSeconds(30));
        this.redis = handle.connection().sync();
    }

    RedisLayout layout() {
        return layout;
    }

    /** A connection of its own (live streams block on theirs). */
    StatefulRedisConnection<String, String> connect() {
        return handle.client().connect();
    }

    synchronized List<Map<String, String>> list(Users.User user, Query q) {
        Set<String> ids = candidates(user, q);
        List<Map<String, String>> out = new ArrayList<>();
        for (String id : ids) {
            if (out.size() >= q.limit()) {
                break;
            }
            Map<String, String> a = redis.hgetall(layout.alert(id));
            if (a.isEmpty() || !user.maySee(a)) {
                continue;
            }
            String status = a.get("status");
            boolean statusOk = q.status() == null
                    || q.status().equals("ALL")
                    || q.status().equals(status)
                    || q.status().equals("ACTIVE") && !"CLOSED".equals(status);
            if (statusOk
                    && eq(q.rule(), a.get("rule"))
                    && eq(q.clientId(), a.get("clientId"))
                    && eq(q.brokerId(), a.get("brokerId"))
                    && eq(q.severity(), a.get("severity"))
                    && (q.groupId() == null || q.groupId().equals(groupOf(a)))) {
                out.add(a);
            }
        }
        return out;
    }

    private Set<String> candidates(Users.User user, Query q) {
        Set<String> ids = new LinkedHashSet<>();
        if (user.role() == Users.Role.BROKER) {
            // a broker's alerts are in their own stream: newest first
            for (StreamMessage<String, String> m :
                    redis.xrevrange(layout.broker(user.brokerId()), Range.create("-", "+"), Limit.from(MAX_SCANNED))) {
                ids.add(m.getBody().get("alertId"));
            }
            if (inOpenSet(q.status())) {
                // most urgent first, as for the risk officers
                List<String> open = redis.zrevrange(layout.open(), 0, -1);
                Set<String> ordered = new LinkedHashSet<>();
                for (String id : open) {
                    if (ids.contains(id)) {
                        ordered.add(id);
                    }
                }
                return ordered;
            }
            return ids;
        }
        if (q.clientId() != null) {
            ids.addAll(redis.zrevrange(layout.client(q.clientId()), 0, MAX_SCANNED - 1));
        } else if (inOpenSet(q.status())) {
            ids.addAll(redis.zrevrange(layout.open(), 0, -1));
        } else {
            for (StreamMessage<String, String> m :
                    redis.xrevrange(layout.alerts(), Range.create("-", "+"), Limit.from(MAX_SCANNED))) {
                ids.add(m.getBody().get("alertId"));
            }
        }
        return ids;
    }

    private static boolean inOpenSet(String status) {
        return "ACTIVE".equals(status) || "OPEN".equals(status) || "ACKED".equals(status);
    }

    /**
     * The linked-account group of an alert of the exchanges' group rules ({@code metrics.groupId}, contract 7.1);
     * null for the other rules.
     */
    static String groupOf(Map<String, String> a) {
        String metrics = a.get("metrics");
        if (metrics == null || !metrics.contains("\"groupId\"")) {
            return null;
        }
        JsonNode g = parse(metrics).path("groupId");
        return g.isTextual() ? g.asText() : null;
    }

    private static boolean eq(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    synchronized Map<String, String> get(String alertId) {
        Map<String, String> a = redis.hgetall(layout.alert(alertId));
        return a.isEmpty() ? null : a;
    }

    synchronized List<Map<String, String>> history(String alertId) {
        return redis.xrange(layout.audit(alertId), Range.create("-", "+")).stream()
                .map(StreamMessage::getBody)
                .toList();
    }

    /** The newest ids of the alerts and audit streams ("0-0" when empty): where a live stream starts. */
    synchronized Cursor head() {
        return new Cursor(last(layout.alerts()), last(layout.audit()));
    }

    private String last(String stream) {
        List<StreamMessage<String, String>> m = redis.xrevrange(stream, Range.create("-", "+"), Limit.from(1));
        return m.isEmpty() ? "0-0" : m.get(0).getId();
    }

    /** Where a live stream is: the last alerts-stream and audit-stream entries sent. */
    record Cursor(String alerts, String audit) {
        private static final String ID = "\\d{1,20}-\\d{1,20}";

        /** The SSE event id: both stream ids, so a reconnect resumes each exactly where it was. */
        String eventId() {
            return alerts + "_" + audit;
        }

        /** A cursor from an event id, or null when it is not one. */
        static Cursor parse(String eventId) {
            if (eventId == null) {
                return null;
            }
            String[] p = eventId.split("_");
            return p.length == 2 && p[0].matches(ID) && p[1].matches(ID) ? new Cursor(p[0], p[1]) : null;
        }
    }

    /**
     * An alert hash as the browser gets it: evidence and its events as lists, metrics as an object, no copy of the raw
     * JSON.
     */
    static ObjectNode view(Map<String, String> a) {
        ObjectNode n = JSON.createObjectNode();
        for (Map.Entry<String, String> e : a.entrySet()) {
            switch (e.getKey()) {
                case "json" -> {}
                case "evidence", "evidenceEvents", "metrics" -> n.set(e.getKey(), parse(e.getValue()));
                default -> n.put(e.getKey(), e.getValue());
            }
        }
        return n;
    }

    static JsonNode parse(String json) {
        try {
            return json == null || json.isEmpty() ? JSON.nullNode() : JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    @Override
    public void close() {
        handle.close();
    }
}
