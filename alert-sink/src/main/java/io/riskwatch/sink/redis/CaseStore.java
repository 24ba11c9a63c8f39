package io.riskwatch.sink.redis;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.alert.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cases as risk officers work them (issue 24): a client's RISK alerts gather into the client's open case (the sink
 * does that as it stores them); an officer assigns it, moves it OPEN -> INVESTIGATING -> ESCALATED (and back to
 * INVESTIGATING), adds notes and closes it with a disposition, which closes its alerts with the same outcome. Every
 * change is one Lua script that checks the version the officer saw, changes the case and appends to its audit
 * trail: of two officers changing the same version, one wins and the other gets a {@link ConflictException}.
 */
public final class CaseStore implements AutoCloseable {
    /** How a case ends. */
    public enum Disposition {
        CONFIRMED,
        FALSE_POSITIVE,
        NOTED,
        REPORTED;

        /** As written in Redis, the CLI and the console: {@code false_positive}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code confirmed}, {@code FALSE_POSITIVE}, ...; otherwise a message listing the four. */
        public static Disposition parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(
                        "the disposition must be confirmed, false_positive, noted or reported, got " + text);
            }
        }
    }

    /** One case hash, with its age and whether it is overdue now. */
    public record StoredCase(String caseId, Map<String, String> fields, Duration age, boolean overdue) {
        public String status() {
            return fields.get("status");
        }

        public String version() {
            return fields.get("version");
        }
    }

    /** A case with its alerts (oldest first), notes and audit trail (oldest first). */
    public record CaseDetail(
            StoredCase header,
            List<AlertStore.StoredAlert> alerts,
            List<Map<String, String>> notes,
            List<Map<String, String>> audit) {}

    /** The case changed since the version the caller saw; nothing was written. */
    public static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictException(String message) {
            super(message);
        }
    }

    /** No case with that id. */
    public static final class NotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFoundException(String message) {
            super(message);
        }
    }

    private static final String CHANGE = RedisScripts.withClock("redis/case.lua");

    private final RedisLayout layout;
    private final CaseSla sla;
    private final Clock clock;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    public CaseStore(String uri, String passwordEnv, RedisLayout layout, CaseSla sla) {
        this(uri, passwordEnv, layout, sla, Clock.systemUTC());
    }

    CaseStore(String uri, String passwordEnv, RedisLayout layout, CaseSla sla, Clock clock) {
        this.layout = layout;
        this.sla = sla;
        this.clock = clock;
        RedisConnections.Handle handle = RedisConnections.open(uri, passwordEnv, Duration.ofSeconds(10));
        client = handle.client();
        connection = handle.connection();
        redis = connection.sync();
    }

    /**
     * Cases, newest first.
     *
     * @param status OPEN, INVESTIGATING, ESCALATED, CLOSED, ACTIVE (any but CLOSED) or null for any
     * @param clientId a client, or null
     */
    public List<StoredCase> list(String status, String clientId, int limit) {
        List<StoredCase> out = new ArrayList<>();
        for (String id : redis.zrevrange(layout.cases(), 0, -1)) {
            if (out.size() >= limit) {
                break;
            }
            StoredCase c = header(id);
            if (c == null
                    || (clientId != null && !clientId.equals(c.fields().get("clientId")))
                    || (status != null
                            && !(status.equals("ACTIVE") ? !"CLOSED".equals(c.status()) : status.equals(c.status())))) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    /** One case's header, or null when there is none with this id. */
    public StoredCase header(String caseId) {
        Map<String, String> f = redis.hgetall(layout.caseHash(caseId));
        if (f.isEmpty()) {
            return null;
        }
        long opened = Long.parseLong(f.getOrDefault("openedAtMillis", "0"));
        long end = "CLOSED".equals(f.get("status")) && f.get("closedAt") != null
                ? Instant.parse(f.get("closedAt")).toEpochMilli()
                : clock.millis();
        Duration age = Duration.ofMillis(Math.max(0, end - opened));
        Severity severity = Severity.valueOf(f.getOrDefault("severity", "LOW"));
        boolean overdue = !"CLOSED".equals(f.get("status")) && age.compareTo(sla.of(severity)) > 0;
        return new StoredCase(caseId, f, age, overdue);
    }

    /** The case with its alerts, notes and audit trail; null when there is none. */
    public CaseDetail show(String caseId) {
        StoredCase header = header(caseId);
        if (header == null) {
            return null;
        }
        List<AlertStore.StoredAlert> alerts = new ArrayList<>();
        for (String id : redis.zrange(layout.caseAlerts(caseId), 0, -1)) {
            Map<String, String> f = redis.hgetall(layout.alert(id));
            if (!f.isEmpty()) {
                alerts.add(new AlertStore.StoredAlert(id, f));
            }
        }
        return new CaseDetail(header, alerts, stream(layout.caseNotes(caseId)), stream(layout.caseAudit(caseId)));
    }

    /** The client's open case id, or null. */
    public String openCaseOf(String clientId) {
        return redis.get(layout.clientCase(clientId));
    }

    /** The client's view as the job wrote it at the client's latest alert (fields json, asOf, alertId); or empty. */
    public Map<String, String> clientView(String clientId) {
        return redis.hgetall(layout.clientView(clientId));
    }

    /** The client's cases, newest first. */
    public List<StoredCase> casesOf(String clientId) {
        return list(null, clientId, Integer.MAX_VALUE);
    }

    /** @param version the version the caller saw, or null to change whatever it is now. @return the new version */
    public String assign(String caseId, String assignee, String by, String version, String comment) {
        return change("assign", caseId, by, version, assignee, comment);
    }

    /** To INVESTIGATING or ESCALATED. @return the new version */
    public String move(String caseId, String to, String by, String version, String comment) {
        return change("move", caseId, by, version, to == null ? "" : to.toUpperCase(Locale.ROOT), comment);
    }

    /** Closes the case and its alerts with the disposition. @return the new version */
    public String close(String caseId, Disposition disposition, String by, String version, String comment) {
        return change("close", caseId, by, version, disposition.text(), comment);
    }

    /** Appends a note (also to a closed case). @return the new version */
    public String note(String caseId, String by, String text) {
        return change("note", caseId, by, null, "", text);
    }

    private String change(String action, String caseId, String by, String version, String target, String text) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("say who acts: --by NAME");
        }
        String[] keys = {
            layout.caseHash(caseId),
            layout.caseAlerts(caseId),
            layout.caseAudit(caseId),
            layout.caseNotes(caseId),
            layout.clientCase(clientOf(caseId)),
            layout.open(),
            layout.audit()
        };
        try {
            return redis.eval(
                    CHANGE,
                    ScriptOutputType.VALUE,
                    keys,
                    action,
                    by,
                    clock.instant().toString(),
                    version == null ? "" : version,
                    target == null ? "" : target,
                    text == null ? "" : text,
                    caseId,
                    layout.prefix());
        } catch (RedisCommandExecutionException e) {
            String message =
                    e.getMessage() == null ? "REFUSED refused" : e.getMessage().replaceFirst("^ERR ", "");
            if (message.startsWith("CONFLICT ")) {
                throw new ConflictException(message.substring(9));
            }
            if (message.startsWith("NOTFOUND ")) {
                throw new NotFoundException(message.substring(9));
            }
            throw new AlertStore.RefusedException(message.replaceFirst("^REFUSED ", ""));
        }
    }

    /** The client a case id names ({@code CASE-<clientId>-<n>}). */
    static String clientOf(String caseId) {
        int dash = caseId.lastIndexOf('-');
        return caseId.startsWith("CASE-") && dash > 5 ? caseId.substring(5, dash) : "";
    }

    private List<Map<String, String>> stream(String key) {
        return redis.xrange(key, Range.create("-", "+")).stream()
                .map(StreamMessage::getBody)
                .toList();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
