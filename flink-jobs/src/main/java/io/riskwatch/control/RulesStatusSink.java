package io.riskwatch.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.sink.redis.RedisResilience;
import io.riskwatch.sink.redis.RedisStoreSink;
import io.riskwatch.sink.redis.RulesStatusStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rules outcomes to the rules-status keys in Redis ({@code <prefix>:rules:status}, {@code :rules:history}). */
public final class RulesStatusSink extends RedisStoreSink<RulesStatus, RulesStatusStore> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    public RulesStatusSink(
            String uri, String passwordEnv, String prefix, Duration timeout, RedisResilience resilience) {
        super(uri, passwordEnv, prefix, timeout, resilience);
    }

    @Override
    protected RulesStatusStore open() {
        return new RulesStatusStore(uri, passwordEnv, prefix, timeout);
    }

    @Override
    protected void write(RulesStatusStore store, RulesStatus s) throws IOException {
        String since = Instant.ofEpochMilli(s.effectiveMillis()).toString();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", s.outcome());
        json.put("version", s.version());
        json.put("effectiveFrom", since);
        json.put("source", s.source());
        json.put("reason", s.reason());
        store.record(s.outcome(), s.version(), since, s.source(), s.reason(), JSON.writeValueAsString(json));
    }
}
