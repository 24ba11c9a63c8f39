package io.riskwatch.sink.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes what became of each published rules version to {@link RedisLayout#rulesStatus()} and
 * {@link RedisLayout#rulesHistory()}. Every write is keyed by the publication, so writing it again after a
 * restart changes nothing.
 */
public final class RulesStatusStore implements AutoCloseable {
    private final RedisLayout layout;
    private final RedisConnections.Handle handle;
    private final RedisCommands<String, String> redis;

    public RulesStatusStore(String uri, String passwordEnv, String prefix, Duration timeout) {
        this.layout = new RedisLayout(prefix);
        this.handle = RedisConnections.open(uri, passwordEnv, timeout);
        this.redis = handle.connection().sync();
    }

    /**
     * @param outcome ACCEPTED, UNCHANGED or REJECTED
     * @param version null when the file could not be read
     * @param since ISO-8601 effective time
     * @param json the whole status as JSON, kept in the history
     */
    public void record(String outcome, String version, String since, String source, String reason, String json) {
        redis.hset(layout.rulesHistory(), source, json);
        Map<String, String> fields = new LinkedHashMap<>();
        if ("ACCEPTED".equals(outcome)) {
            fields.put("current", version);
            fields.put("currentSince", since);
            fields.put("currentSource", source);
            fields.put("currentNote", reason == null ? "" : reason);
        } else if ("REJECTED".equals(outcome)) {
            fields.put("lastRejected", version == null ? "(unreadable)" : version);
            fields.put("lastRejectedReason", reason);
            fields.put("lastRejectedSource", source);
        } else {
            return;
        }
        redis.hset(layout.rulesStatus(), fields);
    }

    @Override
    public void close() {
        handle.close();
    }
}
