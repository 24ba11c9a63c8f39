package io.riskwatch.sink.notify;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.route.ChannelSpec;
import io.riskwatch.alert.route.RoutingPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifiers of a {@link RoutingPlan}, one {@link NotificationDispatcher} per channel: {@link #notify} routes an
 * alert to its channels and returns at once.
 */
public final class Notifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private final RoutingPlan plan;
    private final Map<String, NotificationDispatcher> dispatchers = new LinkedHashMap<>();
    private final AtomicLong unrouted = new AtomicLong();
    private final Consumer<Alert> settled;
    /** Per alert in flight, how many of its channels have not settled yet. */
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public Notifications(RoutingPlan plan, FailureRecorder failures, Duration timeout) {
        this(plan, failures, timeout, settings(plan), alert -> {});
    }

    /** The plan's rate and batch with the standard backoff: 1 s doubling to 1 min, 6 retries. */
    public static NotificationDispatcher.Settings settings(RoutingPlan plan) {
        return new NotificationDispatcher.Settings(
                plan.maxBatch(),
                10_000,
                plan.messagesPerMinute(),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                6);
    }

    /**
     * @param settled told once per alert when every channel it went to has delivered it or recorded its
     *     failure (e.g. to clear it from the Redis pending set)
     */
    public Notifications(
            RoutingPlan plan,
            FailureRecorder failures,
            Duration timeout,
            NotificationDispatcher.Settings settings,
            Consumer<Alert> settled) {
        this.plan = plan;
        this.settled = settled;
        try {
            for (ChannelSpec spec : plan.channels().values()) {
                dispatchers.put(
                        spec.name(),
                        new NotificationDispatcher(
                                Notifiers.create(spec, timeout), failures, settings, this::settledOnOneChannel));
            }
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        if (!dispatchers.isEmpty()) {
            LOG.info(
                    "notifying channels {}",
                    plan.channels().values().stream()
                            .map(c -> c.name() + " ("
                                    + c.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")")
                            .toList());
        }
    }

    /** Hands the alert to each of its channels without waiting; returns how many channels it went to. */
    public int notify(Alert alert) {
        var channels = plan.channelsFor(alert);
        if (channels.isEmpty()) {
            unrouted.incrementAndGet();
            settled.accept(alert);
            return 0;
        }
        open.merge(alert.alertId(), new AtomicInteger(channels.size()), (a, b) -> {
            a.addAndGet(b.get());
            return a;
        });
        for (String c : channels) {
            dispatchers.get(c).offer(alert);
        }
        return channels.size();
    }

    /** Whether this alert goes to any channel. */
    public boolean routes(Alert alert) {
        return !plan.channelsFor(alert).isEmpty();
    }

    private void settledOnOneChannel(List<Alert> alerts) {
        for (Alert a : alerts) {
            AtomicInteger left = open.get(a.alertId());
            if (left != null && left.decrementAndGet() <= 0) {
                open.remove(a.alertId());
                try {
                    settled.accept(a);
                } catch (RuntimeException e) {
                    LOG.warn("after notifying {}: {}", a.alertId(), e.getMessage());
                }
            }
        }
    }

    public long delivered() {
        return dispatchers.values().stream()
                .mapToLong(NotificationDispatcher::delivered)
                .sum();
    }

    public long failed() {
        return dispatchers.values().stream()
                .mapToLong(NotificationDispatcher::failed)
                .sum();
    }

    /**
     * Registers, per channel, the gauges {@code notifyDelivered}, {@code notifyFailed}, {@code notifyRetries} and
     * {@code notifyMessages} under the group {@code channel=<name>} (a Prometheus label), plus
     * {@code notifyUnrouted}.
     */
    public void registerMetrics(MetricGroup group) {
        dispatchers.forEach((name, d) -> {
            var channel = group.addGroup("channel", name);
            channel.gauge("notifyDelivered", d::delivered);
            channel.gauge("notifyFailed", d::failed);
            channel.gauge("notifyRetries", d::retries);
            channel.gauge("notifyMessages", d::messages);
        });
        group.gauge("notifyUnrouted", unrouted::get);
    }

    /** Alerts that matched no route (not an error: not every alert is worth a message). */
    public long unrouted() {
        return unrouted.get();
    }

    public boolean idle() {
        return dispatchers.values().stream().allMatch(NotificationDispatcher::idle);
    }

    /** Waits until every channel has sent or recorded what it was given, or {@code max} passed. */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!idle()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Stops every channel, giving each up to {@code drain} to finish; what is left is recorded as failed. */
    public void close(Duration drain) throws InterruptedException {
        List<InterruptedException> interrupted = new ArrayList<>();
        for (NotificationDispatcher d : dispatchers.values()) {
            try {
                d.close(drain);
            } catch (InterruptedException e) {
                interrupted.add(e);
            }
        }
        if (!interrupted.isEmpty()) {
            throw interrupted.get(0);
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }

    private void closeQuietly() {
        for (NotificationDispatcher d : dispatchers.values()) {
            try {
                d.close(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
