package io.riskwatch.sink.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.route.RoutingPlan;
import io.riskwatch.sink.notify.Notifications;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Lettuce connection, auto-flush off, batches of script calls awaited together. */
public final class RedisAlertWriter implements SinkWriter<Alert> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAlertWriter.class);
    static final String SCRIPT = loadScript();

    private final RedisLayout layout;
    private final long streamMaxLen;
    private final int batchSize;
    private final Duration timeout;
    private final Counter written;
    private final Counter alreadyStored;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final String sha;
    private final List<Alert> batch = new ArrayList<>();
    private final List<RedisFuture<Long>> replies = new ArrayList<>();
    private final RedisFailureRecorder recorder;
    private final Notifications notifications;
    private final Duration notifyDrain;
    private ProcessingTimeService timers;
    private long lingerMillis;
    private long batchNumber;

    /** What the writer does besides storing: notify newly stored alerts (null plan: nothing). */
    record Notify(RoutingPlan plan, Duration timeout, Duration drain, int subtask, int parallelism) {}

    /** A writer without notifications, usable outside Flink too (the console's tests write alerts with it). */
    public RedisAlertWriter(
            String uri,
            String passwordEnv,
            RedisLayout layout,
            long streamMaxLen,
            int batchSize,
            Duration timeout,
            Counter written,
            Counter alreadyStored)
            throws IOException {
        this(uri, passwordEnv, layout, streamMaxLen, batchSize, timeout, written, alreadyStored, null);
    }

    RedisAlertWriter(
            String uri,
            String passwordEnv,
            RedisLayout layout,
            long streamMaxLen,
            int batchSize,
            Duration timeout,
            Counter written,
            Counter alreadyStored,
            Notify notify)
            throws IOException {
        this.layout = layout;
        this.streamMaxLen = streamMaxLen;
        this.batchSize = batchSize;
        this.timeout = timeout;
        this.written = written;
        this.alreadyStored = alreadyStored;
        RedisConnections.Handle handle;
        try {
            handle = RedisConnections.open(uri, passwordEnv, timeout);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        client = handle.client();
        connection = handle.connection();
        RedisURI redisUri = handle.uri();
        commands = connection.async();
        sha = connection.sync().scriptLoad(SCRIPT);
        LOG.info(
                "Redis alert sink connected to {}:{} (prefix {})",
                redisUri.getHost(),
                redisUri.getPort(),
                layout.prefix());
        if (notify == null || notify.plan().isEmpty()) {
            recorder = null;
            notifications = null;
            notifyDrain = Duration.ZERO;
        } else {
            notifyDrain = notify.drain();
            try {
                recorder = new RedisFailureRecorder(uri, passwordEnv, layout);
                notifications = new Notifications(
                        notify.plan(),
                        recorder,
                        notify.timeout(),
                        Notifications.settings(notify.plan()),
                        recorder::settled);
            } catch (IllegalStateException | IllegalArgumentException e) {
                close();
                throw new IOException(e.getMessage(), e);
            }
            resumePending(notify.subtask(), notify.parallelism());
        }
        connection.setAutoFlushCommands(false);
    }

    /**
     * Alerts stored before a crash or stop but not yet notified are notified now, each by exactly one writer
     * (the one its id hashes to).
     */
    private void resumePending(int subtask, int parallelism) {
        int resumed = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ValueScanCursor<String> page = connection.sync().sscan(layout.notifyPending(), cursor);
            for (String id : page.getValues()) {
                if (Math.floorMod(id.hashCode(), parallelism) != subtask) {
                    continue;
                }
                String json = connection.sync().hget(layout.alert(id), "json");
                if (json == null) {
                    connection.sync().srem(layout.notifyPending(), id);
                    continue;
                }
                notifications.notify(AlertJson.fromJson(json));
                resumed++;
            }
            cursor = page;
        } while (!cursor.isFinished());
        if (resumed > 0) {
            LOG.info("resuming {} notification(s) left pending by a previous run", resumed);
        }
    }

    /** Exposes the notifier counters (per channel) as Flink metrics; nothing without notifications. */
    RedisAlertWriter registerMetrics(MetricGroup group) {
        if (notifications != null) {
            notifications.registerMetrics(group);
        }
        return this;
    }

    /**
     * Sends a started batch at the latest {@code linger} after its first alert, so a live job's alerts reach
     * Redis within milliseconds instead of at the next checkpoint (without it: at a full batch or a checkpoint).
     */
    RedisAlertWriter linger(ProcessingTimeService timers, Duration linger) {
        this.timers = timers;
        this.lingerMillis = linger.toMillis();
        return this;
    }

    @Override
    public void write(Alert alert, Context context) throws IOException {
        batch.add(alert);
        replies.add(send(alert, true));
        if (batch.size() >= batchSize) {
            awaitBatch();
        } else if (batch.size() == 1 && timers != null) {
            long started = batchNumber;
            timers.registerTimer(timers.getCurrentProcessingTime() + lingerMillis, now -> {
                if (batchNumber == started) {
                    awaitBatch();
                }
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        awaitBatch();
        if (endOfInput && notifications != null) {
            try {
                if (!notifications.awaitIdle(notifyDrain)) {
                    LOG.warn(
                            "notifications still in flight after {}; they stay pending in {}",
                            notifyDrain,
                            layout.notifyPending());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RedisFuture<Long> send(Alert a, boolean cached) {
        boolean toBroker = a.audience() == Audience.BROKER && a.brokerId() != null;
        String[] keys = {
            layout.alert(a.alertId()),
            layout.alerts(),
            layout.open(),
            layout.client(a.clientId()),
            toBroker ? layout.broker(a.brokerId()) : layout.alert(a.alertId()),
            layout.notifyPending()
        };
        boolean notify = notifications != null && notifications.routes(a);
        String json = AlertJson.toJson(a);
        String[] args = {
            a.alertId(),
            a.rule(),
            a.severity().name(),
            a.audience().name(),
            a.clientId(),
            nz(a.brokerId()),
            nz(a.symbol()),
            a.ts(),
            Long.toString(a.tsMillis()),
            a.summary(),
            evidenceJson(a),
            a.metricsJson(),
            nz(a.ruleVersion()),
            json,
            scoreText(RedisLayout.openScore(a)),
            Long.toString(streamMaxLen),
            layout.live(),
            toBroker ? "1" : "0",
            notify ? "1" : "0"
        };
        return cached
                ? commands.evalsha(sha, ScriptOutputType.INTEGER, keys, args)
                : commands.eval(SCRIPT, ScriptOutputType.INTEGER, keys, args);
    }

    /** Sends the pipelined batch and waits for every reply; a failed write fails the checkpoint. */
    private void awaitBatch() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        connection.flushCommands();
        List<Alert> retry = new ArrayList<>();
        List<RedisFuture<Long>> retryReplies = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            try {
                count(batch.get(i), replies.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RedisNoScriptException) {
                    // Redis restarted and lost its script cache: send the script itself
                    retry.add(batch.get(i));
                } else {
                    throw failure(batch.get(i), e.getCause());
                }
            } catch (TimeoutException e) {
                throw failure(batch.get(i), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(batch.get(i), e);
            }
        }
        for (Alert a : retry) {
            retryReplies.add(send(a, false));
        }
        if (!retry.isEmpty()) {
            connection.flushCommands();
            for (int i = 0; i < retryReplies.size(); i++) {
                try {
                    count(retry.get(i), retryReplies.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    throw failure(retry.get(i), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure(retry.get(i), e);
                }
            }
        }
        batch.clear();
        replies.clear();
        batchNumber++;
    }

    /** A newly stored alert is notified once Redis has it; one stored before (a replay, a restart) is not. */
    private void count(Alert a, Long reply) {
        if (reply != null && reply == 1L) {
            written.inc();
            if (notifications != null) {
                notifications.notify(a);
            }
        } else {
            alreadyStored.inc();
        }
    }

    private static IOException failure(Alert a, Throwable cause) {
        return new IOException("Redis write of alert " + a.alertId() + " failed: " + cause, cause);
    }

    private static String evidenceJson(Alert a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.evidence().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(AlertJson.mapper()
                    .getNodeFactory()
                    .textNode(a.evidence().get(i))
                    .toString());
        }
        return sb.append(']').toString();
    }

    private static String scoreText(double score) {
        return BigDecimal.valueOf(score).toPlainString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String loadScript() {
        try (InputStream in = RedisAlertWriter.class.getClassLoader().getResourceAsStream("redis/write-alert.lua")) {
            if (in == null) {
                throw new IllegalStateException("redis/write-alert.lua is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (notifications != null) {
                notifications.close(notifyDrain);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                if (recorder != null) {
                    recorder.close();
                }
                connection.close();
            } finally {
                client.shutdown();
            }
        }
    }
}
