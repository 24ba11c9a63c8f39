package io.riskwatch.sink.redis;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.route.RoutingPlan;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes alerts to Redis in the contract's layout (section 5), idempotently: one Lua script per alert checks
 * and writes atomically, so replays and restarts never duplicate anything. Lettuce async, one connection per
 * writer, commands pipelined in batches and all outstanding writes awaited in {@code flush()}.
 *
 * <pre>{@code
 * alerts.sinkTo(RedisAlertSink.builder()
 *         .uri("redis://127.0.0.1:6379/0")          // rediss:// for TLS
 *         .passwordFromEnv("RISKWATCH_REDIS_PASSWORD") // never on the command line
 *         .prefix("riskwatch")
 *         .build());
 * }</pre>
 *
 * <p>The script touches several keys, so a Redis Cluster must place them in one slot (not supported yet):
 * use a single Redis or a primary with replicas.
 */
public final class RedisAlertSink implements Sink<Alert> {
    /** A started batch goes to Redis at the latest this long after its first alert. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(1);

    private static final long serialVersionUID = 1L;

    private final String uri;
    private final String passwordEnv;
    private final RedisLayout layout;
    private final long streamMaxLen;
    private final int batchSize;
    private final Duration timeout;
    private final RoutingPlan notify;
    private final Duration notifyTimeout;
    private final Duration notifyDrain;
    private final Duration linger;
    private final RedisResilience resilience;

    private RedisAlertSink(Builder b) {
        this.uri = b.uri;
        this.passwordEnv = b.passwordEnv;
        this.layout = new RedisLayout(b.prefix);
        this.streamMaxLen = b.streamMaxLen;
        this.batchSize = b.batchSize;
        this.timeout = b.timeout;
        this.notify = b.notify;
        this.notifyTimeout = b.notifyTimeout;
        this.notifyDrain = b.notifyDrain;
        this.linger = b.linger;
        this.resilience = b.resilience;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) throws IOException {
        var task = context.getTaskInfo();
        return new RedisAlertWriter(
                        uri,
                        passwordEnv,
                        layout,
                        streamMaxLen,
                        batchSize,
                        timeout,
                        context.metricGroup().counter("redisAlertsWritten"),
                        context.metricGroup().counter("redisAlertsAlreadyStored"),
                        new RedisAlertWriter.Notify(
                                notify,
                                notifyTimeout,
                                notifyDrain,
                                task.getIndexOfThisSubtask(),
                                task.getNumberOfParallelSubtasks()),
                        resilience)
                .linger(context.getProcessingTimeService(), linger)
                .registerMetrics(context.metricGroup());
    }

    /** Checked settings for {@link RedisAlertSink}. */
    public static final class Builder {
        private String uri;
        private String passwordEnv;
        private String prefix = RedisLayout.DEFAULT_PREFIX;
        private long streamMaxLen = 1_000_000;
        private int batchSize = 1000;
        private Duration linger = DEFAULT_LINGER;
        private Duration timeout = Duration.ofSeconds(10);
        private RoutingPlan notify = RoutingPlan.none();
        private Duration notifyTimeout = Duration.ofSeconds(10);
        private Duration notifyDrain = Duration.ofSeconds(30);
        private RedisResilience resilience = RedisResilience.failAfter(RedisResilience.DEFAULT_RETRY_FOR);

        /** How an outage is met (default: retried for a minute, then the writer fails and the job restarts). */
        public Builder resilience(RedisResilience resilience) {
            this.resilience = resilience;
            return this;
        }

        /**
         * Notify every alert this sink stores for the first time, along the plan's routes. An alert already in
         * Redis (a replay, a restart) is not notified again; one stored but not yet notified when the job stopped
         * is notified when it starts again ({@code <prefix>:notify:pending}).
         */
        public Builder notify(RoutingPlan plan) {
            this.notify = plan;
            return this;
        }

        /** Per-request timeout of the notifiers, and how long a finishing job waits for them. */
        public Builder notifyTimeouts(Duration request, Duration drain) {
            this.notifyTimeout = request;
            this.notifyDrain = drain;
            return this;
        }

        /** {@code redis://host:port/db} or {@code rediss://} for TLS; no password in it. */
        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        /** The environment variable holding the password (read where the writer runs; never logged). */
        public Builder passwordFromEnv(String variable) {
            this.passwordEnv = variable;
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** Approximate MAXLEN of the alert streams. */
        public Builder streamMaxLen(long maxLen) {
            this.streamMaxLen = maxLen;
            return this;
        }

        /** Alerts pipelined before waiting for their replies. */
        /** How long a started batch may wait for more alerts before it is sent (default 1 ms). */
        public Builder linger(Duration linger) {
            this.linger = linger;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Command timeout; a write still unanswered after it is sent again (see {@link #resilience}). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public RedisAlertSink build() {
            RedisConnections.checkUri(uri);
            if (streamMaxLen < 1 || batchSize < 1 || timeout.isNegative() || timeout.isZero() || linger.isNegative()) {
                throw new IllegalArgumentException("streamMaxLen and batchSize must be >= 1, timeout > 0, linger >= 0");
            }
            new RedisLayout(prefix);
            return new RedisAlertSink(this);
        }
    }
}
