package io.riskwatch.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events of the alerts stream and the audit stream: {@code alert} for each new alert, {@code change}
 * for each lifecycle change (ack, close), only those the user may see. Each event's id is the cursor of both
 * streams, so the browser's automatic reconnect (Last-Event-ID) resumes exactly after the last event it got,
 * with nothing lost and nothing twice. Each open stream blocks on a Redis connection of its own, so they are
 * capped: {@value #MAX_PER_SESSION} per session (a few tabs), {@value #MAX_TOTAL} in all; one more is refused with
 * 429. Signing out (or the session ending) closes the session's streams.
 */
final class LiveStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);
    private static final ObjectMapper JSON = AlertInbox.JSON;
    /** How long one XREAD waits; a keep-alive comment goes out after each quiet wait. */
    static final long BLOCK_MILLIS = 10_000;

    static final int MAX_PER_SESSION = 4;
    static final int MAX_TOTAL = 64;

    private final AlertInbox inbox;
    /** The open streams' connections by session key. */
    private final Map<String, Set<StatefulRedisConnection<String, String>>> open = new HashMap<>();

    private int total;
    private volatile boolean closed;

    LiveStream(AlertInbox inbox) {
        this.inbox = inbox;
    }

    /**
     * Streams until the browser goes away, the session ends or the console stops.
     *
     * @param sessionKey what the stream is counted and closed by (the session, or the user of a trusted header)
     * @param signedIn asked after each wait: false ends the stream
     * @throws ConsoleServer.HttpError 429 when the session or the console has as many streams open as allowed
     */
    void serve(HttpExchange ex, Users.User user, AlertInbox.Cursor from, String sessionKey, BooleanSupplier signedIn)
            throws IOException {
        StatefulRedisConnection<String, String> connection = admit(sessionKey);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        LOG.info("console: live stream for {} from {}", LogText.clean(user.name()), from.eventId());
        try (OutputStream out = ex.getResponseBody()) {
            RedisCommands<String, String> redis = connection.sync();
            AlertInbox.Cursor cursor = from;
            // tells the browser how long to wait before reconnecting
            write(out, "retry: 2000\n\n");
            while (!closed && signedIn.getAsBoolean() && isOpen(sessionKey, connection)) {
                List<StreamMessage<String, String>> messages = redis.xread(
                        XReadArgs.Builder.block(BLOCK_MILLIS).count(200),
                        XReadArgs.StreamOffset.from(inbox.layout().alerts(), cursor.alerts()),
                        XReadArgs.StreamOffset.from(inbox.layout().audit(), cursor.audit()));
                if (messages == null || messages.isEmpty()) {
                    write(out, ": keep-alive\n\n");
                    continue;
                }
                for (StreamMessage<String, String> m : messages) {
                    boolean isAlert = m.getStream().equals(inbox.layout().alerts());
                    cursor = isAlert
                            ? new AlertInbox.Cursor(m.getId(), cursor.audit())
                            : new AlertInbox.Cursor(cursor.alerts(), m.getId());
                    String alertId = m.getBody().get("alertId");
                    Map<String, String> alert = alertId == null ? null : inbox.get(alertId);
                    if (alert == null || !user.maySee(alert)) {
                        continue;
                    }
                    ObjectNode data = AlertInbox.view(alert);
                    if (!isAlert) {
                        ObjectNode change = JSON.createObjectNode();
                        m.getBody().forEach(change::put);
                        data.set("change", change);
                    }
                    write(
                            out,
                            "id: " + cursor.eventId() + "\nevent: " + (isAlert ? "alert" : "change") + "\ndata: "
                                    + JSON.writeValueAsString(data) + "\n\n");
                }
            }
        } catch (IOException e) {
            LOG.info("console: live stream for {} ended (browser gone)", LogText.clean(user.name()));
        } catch (RuntimeException e) {
            if (!closed && isOpen(sessionKey, connection)) {
                LOG.warn("console: live stream for {} ended: {}", LogText.clean(user.name()), e.toString());
            }
        } finally {
            release(sessionKey, connection);
            connection.close();
        }
    }

    /** A connection for one more stream of this session, or 429 past a cap. */
    private StatefulRedisConnection<String, String> admit(String sessionKey) {
        synchronized (open) {
            Set<StatefulRedisConnection<String, String>> mine = open.getOrDefault(sessionKey, Set.of());
            if (mine.size() >= MAX_PER_SESSION) {
                throw new ConsoleServer.HttpError(
                        429, "this session already has " + MAX_PER_SESSION + " live streams open: close a tab");
            }
            if (total >= MAX_TOTAL) {
                throw new ConsoleServer.HttpError(429, "the console has as many live streams open as it serves");
            }
            StatefulRedisConnection<String, String> connection = inbox.connect();
            open.computeIfAbsent(sessionKey, k -> new HashSet<>()).add(connection);
            total++;
            return connection;
        }
    }

    private boolean isOpen(String sessionKey, StatefulRedisConnection<String, String> connection) {
        synchronized (open) {
            return open.getOrDefault(sessionKey, Set.of()).contains(connection);
        }
    }

    private void release(String sessionKey, StatefulRedisConnection<String, String> connection) {
        synchronized (open) {
            Set<StatefulRedisConnection<String, String>> mine = open.get(sessionKey);
            if (mine != null && mine.remove(connection)) {
                total--;
                if (mine.isEmpty()) {
                    open.remove(sessionKey);
                }
            }
        }
    }

    /** Closes the streams of a session that signed out; returns how many. */
    int endSession(String token) {
        if (token == null) {
            return 0;
        }
        Set<StatefulRedisConnection<String, String>> mine;
        synchronized (open) {
            mine = open.remove("session:" + token);
            if (mine == null) {
                return 0;
            }
            total -= mine.size();
        }
        // the blocked XREAD fails at once and its stream ends
        mine.forEach(StatefulRedisConnection::close);
        return mine.size();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        List<StatefulRedisConnection<String, String>> all = new ArrayList<>();
        synchronized (open) {
            open.values().forEach(all::addAll);
        }
        all.forEach(StatefulRedisConnection::close);
    }
}
