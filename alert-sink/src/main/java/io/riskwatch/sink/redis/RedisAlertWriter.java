package io.riskwatch.sink.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
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
import java.math.BigDecimal;
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

/**
 * One Lettuce connection, auto-flush off, batches of script calls awaited together. An outage (no connection at
 * start, a batch unanswered) is retried as {@link RedisResilience} says; what is sent again is idempotent, so an
 * alert is stored once however often it is sent.
 */
public final class RedisAlertWriter implements SinkWriter<Alert> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAlertWriter.class);
    static final String SCRIPT = loadScript();

    private final RedisLayout layout;
    private final long streamMaxLen;
    private final int batchSize;
    private final Duration timeout;
    private final Counter written;
    private final Counter alreadyStored;
    private final RedisRetry retry;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisAsyncCommands<String, String> commands;
    private String sha;
    /** A replay gave up on Redis: the rest of the run only counts what it did not store. */
    private boolean down;

    private final List<Alert> batch = new ArrayList<>();
    private final List<RedisFuture<Long>> replies = new ArrayList<>();
    private RedisFailureRecorder recorder;
    private Notifications notifications;
    private Duration notifyDrain = Duration.ZERO;
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
        this(
                uri,
                passwordEnv,
                layout,
                streamMaxLen,
                batchSize,
                timeout,
                written,
                alreadyStored,
                null,
                RedisResilience.failAfter(Duration.ZERO));
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
            Notify notify,
            RedisResilience resilience)
            throws IOException {
        this.layout = layout;
        this.streamMaxLen = streamMaxLen;
        this.batchSize = batchSize;
        this.timeout = timeout;
        this.written = written;
        this.alreadyStored = alreadyStored;
        this.retry = new RedisRetry(RedisConnections.where(uri), resilience);
        RedisConnections.Handle handle;
        try {
            handle = retry.get("connecting", () -> {
                RedisConnections.Handle h = RedisConnections.open(uri, passwordEnv, timeout);
                try {
                    sha = h.connection().sync().scriptLoad(SCRIPT);
                } catch (RuntimeException e) {
                    h.close();
                    throw e;
                }
                return h;
            });
        } catch (RedisRetry.GaveUp e) {
            goOnWithout(e, 0);
            return;
        } catch (IOException e) {
            throw new IOException(e.getMessage()); // one line: a password or TLS problem, not an outage
        }
        client = handle.client();
        connection = handle.connection();
        RedisURI redisUri = handle.uri();
        commands = connection.async();
        if (retry.outcome() != null) {
            retry.outcome().connected();
        }
        LOG.info(
                "Redis alert sink connected to {}:{} (prefix {})",
                redisUri.getHost(),
                redisUri.getPort(),
                layout.prefix());
        if (notify != null && !notify.plan().isEmpty()) {
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
            try {
                resumePending(notify.subtask(), notify.parallelism());
            } catch (RuntimeException e) {
                // they stay pending; the next start resumes them
                LOG.warn("could not resume pending notifications: {}", RedisRetry.describe(e));
            }
        }
        connection.setAutoFlushCommands(false);
    }

    /**
     * Live: fails the writer (the job restarts from its checkpoint). A replay: stops writing to Redis for the rest of
     * the run, counting what it does not store; the command reports it in one line (without one in this JVM, the
     * writer logs it).
     */
    private void goOnWithout(RedisRetry.GaveUp e, long notStored) throws IOException {
        retry.giveUp(e);
        down = true;
        notStored(notStored);
    }

    private void notStored(long n) {
        if (retry.outcome() != null) {
            retry.outcome().alertsNotStored(n);
        }
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
        if (down) {
            notStored(1);
            return;
        }
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
        if (down) {
            return;
        }
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
            layout.notifyPending(),
            layout.clientCase(a.clientId()),
            layout.clientCaseCount(a.clientId()),
            layout.cases(),
            layout.clientView(a.clientId())
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
            notify ? "1" : "0",
            nz(a.evidenceEventsJson()),
            layout.prefix(),
            a.audience() == Audience.RISK ? "1" : "0",
            nz(a.clientViewJson()),
            Integer.toString(a.severity().ordinal())
        };
        return cached
                ? commands.evalsha(sha, ScriptOutputType.INTEGER, keys, args)
                : commands.eval(SCRIPT, ScriptOutputType.INTEGER, keys, args);
    }

    /**
     * Sends the pipelined batch and waits for every reply. What did not answer is sent again (the whole script, in
     * case Redis restarted without its script cache) with backoff for {@code retryFor}; then live fails the
     * checkpoint and a replay goes on without Redis.
     */
    private void awaitBatch() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        int[] settled = {0};
        try {
            connection.flushCommands();
            settled[0] = settle(0, replies, false);
            if (settled[0] < batch.size()) {
                // only now the retry machinery: the rest is sent again until it is answered or retryFor passes
                retry.get("storing " + (batch.size() - settled[0]) + " alert(s)", () -> {
                    List<RedisFuture<Long>> again = new ArrayList<>();
                    for (int i = settled[0]; i < batch.size(); i++) {
                        again.add(send(batch.get(i), false));
                    }
                    connection.flushCommands();
                    settled[0] = settle(settled[0], again, true);
                    if (settled[0] < batch.size()) {
                        throw asException(lastFailure);
                    }
                    return null;
                });
            }
        } catch (RedisRetry.GaveUp e) {
            goOnWithout(e, batch.size() - settled[0]);
        } finally {
            batch.clear();
            replies.clear();
            batchNumber++;
        }
    }

    private Throwable lastFailure;

    /**
     * Counts the replies of {@code batch[from..]} in order up to the first that failed (kept in {@link
     * #lastFailure}); returns the index of that one, or the batch size when all answered.
     *
     * @param again the alerts were sent before without an answer: one already stored may be ours, not yet notified
     */
    private int settle(int from, List<RedisFuture<Long>> futures, boolean again) {
        for (int k = 0; k < futures.size(); k++) {
            Alert a = batch.get(from + k);
            try {
                Long reply = futures.get(k).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (again && (reply == null || reply != 1L)) {
                    notifyIfStillPending(a);
                } else {
                    count(a, reply);
                }
            } catch (ExecutionException e) {
                lastFailure = e.getCause() != null ? e.getCause() : e;
                return from + k;
            } catch (TimeoutException e) {
                lastFailure = e;
                return from + k;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastFailure = e;
                return from + k;
            }
        }
        return from + futures.size();
    }

    /**
     * An alert sent again that Redis already had: stored by the unanswered first send (still in the notify pending
     * set, so it is notified now) or by an earlier run (not pending: nothing to do).
     */
    private void notifyIfStillPending(Alert a) {
        if (notifications != null && pending(a)) {
            written.inc();
            notifications.notify(a);
        } else {
            alreadyStored.inc();
        }
    }

    private boolean pending(Alert a) {
        RedisFuture<Boolean> member = commands.sismember(layout.notifyPending(), a.alertId());
        connection.flushCommands(); // commands are not flushed on their own here
        try {
            return Boolean.TRUE.equals(member.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return false; // it stays pending: the next start notifies it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new IOException(t);
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
        return RedisScripts.withClock("redis/write-alert.lua");
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
                if (connection != null) {
                    connection.close();
                }
            } finally {
                if (client != null) {
                    client.shutdown();
                }
            }
        }
    }
}
