package io.riskwatch.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.riskwatch.sink.redis.RulesStatusStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Rules outcomes to the rules-status keys in Redis ({@code <prefix>:rules:status}, {@code :rules:history}). */
public final class RulesStatusSink implements Sink<RulesStatus> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String uri;
    private final String passwordEnv;
    private final String prefix;
    private final Duration timeout;

    public RulesStatusSink(String uri, String passwordEnv, String prefix, Duration timeout) {
        this.uri = uri;
        this.passwordEnv = passwordEnv;
        this.prefix = prefix;
        this.timeout = timeout;
    }

    @Override
    public SinkWriter<RulesStatus> createWriter(WriterInitContext context) throws IOException {
        RulesStatusStore store;
        try {
            store = new RulesStatusStore(uri, passwordEnv, prefix, timeout);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new SinkWriter<>() {
            @Override
            public void write(RulesStatus s, Context ctx) throws IOException {
                String since = Instant.ofEpochMilli(s.effectiveMillis()).toString();
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("outcome", s.outcome());
                json.put("version", s.version());
                json.put("effectiveFrom", since);
                json.put("source", s.source());
                json.put("reason", s.reason());
                store.record(s.outcome(), s.version(), since, s.source(), s.reason(), JSON.writeValueAsString(json));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {
                store.close();
            }
        };
    }
}
