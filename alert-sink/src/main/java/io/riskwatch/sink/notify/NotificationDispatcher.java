package io.riskwatch.sink.notify;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import io.riskwatch.alert.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to one channel on its own thread, so a slow or failing channel never blocks or slows
 * detection: {@link #offer} only enqueues. The worker waits for the channel's rate limit (e.g. 20 messages a
 * minute for the robots), then sends everything that piled up meanwhile as one message (up to
 * {@code maxBatch} alerts), retrying with exponential backoff on timeouts, connection errors, 5xx and 429
 * (after the server's Retry-After), never on other 4xx. What still fails, or does not fit in the queue, goes
 * to the {@link FailureRecorder} with the reason: nothing is dropped silently.
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    /** How hard to try. */
    public record Settings(
            int maxBatch,
            int queueCapacity,
            long messagesPerWindow,
            Duration window,
            Duration initialBackoff,
            Duration maxBackoff,
            int maxRetries) {
        /** Robots: about 20 messages a minute; back off from 1 s to 1 min, 6 retries. */
        public static Settings defaults() {
            return new Settings(20, 10_000, 20, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(1), 6);
        }
    }

    private final Notifier notifier;
    private final FailureRecorder failures;
    private final Consumer<List<Alert>> settled;
    private final Settings settings;
    private final BlockingQueue<Alert> queue;
    private final RateLimiter<Object> limiter;
    private final RetryPolicy<Object> retry;
    private final Thread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean abandon;
    /** Alerts accepted and not yet delivered or recorded. */
    private final AtomicLong inFlight = new AtomicLong();

    public NotificationDispatcher(Notifier notifier, FailureRecorder failures, Settings settings) {
        this(notifier, failures, settings, alerts -> {});
    }

    /** @param settled told of every alert once it has been delivered or recorded as failed */
    public NotificationDispatcher(
            Notifier notifier, FailureRecorder failures, Settings settings, Consumer<List<Alert>> settled) {
        this.notifier = notifier;
        this.failures = failures;
        this.settled = settled;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.limiter = RateLimiter.burstyBuilder(settings.messagesPerWindow(), settings.window())
                .build();
        this.retry = RetryPolicy.builder()
                .handleIf(e -> e instanceof NotifyException n && n.retryable())
                .withBackoff(settings.initialBackoff(), settings.maxBackoff())
                // honour Retry-After; a negative delay tells Failsafe to use the backoff (null is not accepted)
                .withDelayFn(ctx -> ctx.getLastException() instanceof NotifyException n && n.retryAfter() != null
                        ? n.retryAfter()
                        : Duration.ofMillis(-1))
                .withMaxRetries(settings.maxRetries())
                .onRetry(e -> {
                    retries.incrementAndGet();
                    LOG.warn(
                            "notification to {} failed ({}), retry {}",
                            notifier.channel(),
                            e.getLastException().getMessage(),
                            e.getAttemptCount());
                })
                .build();
        this.worker = new Thread(this::run, "notify-" + notifier.channel());
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Enqueues an alert without waiting; when the queue is full the alert is recorded as failed at once. */
    public void offer(Alert alert) {
        inFlight.incrementAndGet();
        if (!queue.offer(alert)) {
            inFlight.decrementAndGet();
            failed.incrementAndGet();
            failures.failed(
                    notifier.channel(),
                    List.of(alert),
                    "notification queue full (" + settings.queueCapacity() + "): the channel is down or too slow");
            settled.accept(List.of(alert));
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Messages sent (each may carry several alerts). */
    /** Sending attempts repeated after a retryable failure. */
    public long retries() {
        return retries.get();
    }

    public long messages() {
        return messages.get();
    }

    /** True when nothing is queued or being sent. */
    public boolean idle() {
        return inFlight.get() == 0;
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            if (abandon) {
                List<Alert> left = new ArrayList<>();
                queue.drainTo(left);
                if (!left.isEmpty()) {
                    shutDown(left);
                }
                return;
            }
            List<Alert> batch = new ArrayList<>();
            try {
                Alert first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                limiter.acquirePermit(); // while we wait, more alerts pile up: they go in this one message
                queue.drainTo(batch, settings.maxBatch() - 1);
                deliver(batch);
            } catch (InterruptedException e) {
                // shutting down: what this thread holds is not lost, it is recorded
                if (!batch.isEmpty()) {
                    shutDown(batch);
                }
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void deliver(List<Alert> batch) {
        try {
            Failsafe.with(retry).run(() -> notifier.send(batch));
            delivered.addAndGet(batch.size());
            messages.incrementAndGet();
            settled.accept(batch);
            inFlight.addAndGet(-batch.size());
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            record(batch, cause.getMessage());
        } catch (RuntimeException e) {
            record(batch, e.toString());
        }
    }

    /**
     * Stopped with alerts not sent: recorded, but not settled, so a job that notifies from Redis sends them
     * when it starts again (they stay in the pending set).
     */
    private void shutDown(List<Alert> batch) {
        failed.addAndGet(batch.size());
        String reason = "shut down before the notification was sent (left pending for the next run, if any)";
        LOG.warn("notification to {} not sent for {} alert(s): {}", notifier.channel(), batch.size(), reason);
        failures.failed(notifier.channel(), batch, reason);
        inFlight.addAndGet(-batch.size());
    }

    private void record(List<Alert> batch, String reason) {
        failed.addAndGet(batch.size());
        LOG.warn("notification to {} failed for {} alert(s): {}", notifier.channel(), batch.size(), reason);
        failures.failed(notifier.channel(), batch, reason);
        settled.accept(batch);
        inFlight.addAndGet(-batch.size());
    }

    /** Stops taking alerts and waits up to {@code drain} for the queue to empty. */
    public void close(Duration drain) throws InterruptedException {
        running = false;
        worker.join(drain.toMillis());
        if (worker.isAlive()) {
            abandon = true;
            worker.interrupt();
            worker.join(); // it records what it holds and what is queued, then ends
        }
        List<Alert> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            shutDown(left);
        }
        notifier.close();
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }
}
