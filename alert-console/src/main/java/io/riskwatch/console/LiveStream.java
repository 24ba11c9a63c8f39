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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events of the alerts stream and the audit stream: {@code alert} for each new alert, {@code change}
 * for each lifecycle change (ack, close), only those the user may see. Each event's id is the cursor of both
 * streams, so the browser's automatic reconnect (Last-Event-ID) resumes exactly after the last event it got,
 * with nothing lost and nothing twice. Each open stream blocks on a Redis connection of its own.
 */
final class LiveStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);
    private static final ObjectMapper JSON = AlertInbox.JSON;
    /** How long one XREAD waits; a keep-alive comment goes out after each quiet wait. */
    static final long BLOCK_MILLIS = 10_000;

    private final AlertInbox inbox;
    private final Set<StatefulRedisConnection<String, String>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LiveStream(AlertInbox inbox) {
        this.inbox = inbox;
    }

    /** Streams until the browser goes away or the console stops. */
    void serve(HttpExchange ex, Users.User user, AlertInbox.Cursor from) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        StatefulRedisConnection<String, String> connection = inbox.connect();
        open.add(connection);
        LOG.info("console: live stream for {} from {}", user.name(), from.eventId());
        try (OutputStream out = ex.getResponseBody()) {
            RedisCommands<String, String> redis = connection.sync();
            AlertInbox.Cursor cursor = from;
            // tells the browser how long to wait before reconnecting
            write(out, "retry: 2000\n\n");
            while (!closed) {
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
            LOG.info("console: live stream for {} ended (browser gone)", user.name());
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("console: live stream for {} ended: {}", user.name(), e.toString());
            }
        } finally {
            open.remove(connection);
            connection.close();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        open.forEach(StatefulRedisConnection::close);
    }
}
