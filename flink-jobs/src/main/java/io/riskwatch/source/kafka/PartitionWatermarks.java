package io.riskwatch.source.kafka;

import io.riskwatch.model.SourceRecord;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * One Kafka partition's event time: its newest {@code ts} minus the bound (out-of-orderness plus allowed
 * lateness), or idle once it has carried nothing for a while (an idle partition holds no one back; its next
 * record makes it active again).
 *
 * <p>Two timeouts. {@code time.idleness} (30 s) applies to every partition. {@code time.liveIdleness} (off unless
 * set) applies only to a partition that is <em>up to date</em> and <em>sparse</em>:
 * <ul>
 *   <li>up to date: its newest event arrived at most {@link #UP_TO_DATE_LAG_MILLIS} (or the bound, if longer)
 *       after its own ts by this machine's clock. A partition catching up (a backlog after a stop, a lagging
 *       producer) carries older events, so a pause while the job works through other partitions' backlog never
 *       makes it idle early, which would turn its next events into late events. Producers' clocks and this
 *       machine's must agree to well within a second; a producer clock behind only costs latency (its partition
 *       never counts as up to date).</li>
 *   <li>sparse: its events came on average at least {@code liveIdleness} apart, either over about the last
 *       second ({@link #RATE_WINDOW_MILLIS}, exponentially decayed) or over its last few gaps (a moving average).
 *       A sparse partition (a few transfers a second) then stops holding every alert back within milliseconds of
 *       its last event. The second alone would call a partition busy for seconds after a burst ends (the latency
 *       bench's 1,400 lunch break transfers within 70 ms, then a few a second again); the last gaps alone call a
 *       burst busy (one client's transfers within milliseconds, as structuring looks). A busy one (quotes) silent
 *       for that long is most likely a hiccup in its delivery: skipping it would make the events it delivers next
 *       late. A busy, up-to-date partition counts as paused after {@link #BUSY_PAUSE_MILLIS} (a burst of
 *       reference records, then nothing; the market's lunch break). Until a partition has shown a second of
 *       events, the time since its first event stands for the second; a lone first event is sparse.</li>
 * </ul>
 * Measured on a 30 s backlog read after a stop (docs/PERFORMANCE.md): a 10 ms idleness for every partition made
 * 41 % of it late; up to date within 1 s, 725 (busy partitions' hiccups); up to date within the 20 ms bound, 100
 * (all of one busy quote partition); up to date and sparse, none. Up to date within the bound alone was too strict:
 * one reference record delayed 21 ms held every alert until the next one, 10 s later.
 *
 * <p>When the whole feed goes quiet (after the close) every partition ends idle and event time stops, so the events
 * of the feed's last moments wait for the next record. {@code time.quietFlush} (off unless set): a partition that
 * was up to date when it went silent (its newest event had arrived within {@link #UP_TO_DATE_LAG_MILLIS} of its
 * ts), silent this long, stops being idle and stands at the job's clock: its watermark is now minus the bound, as
 * if it had an event now. While other partitions run it holds nothing back (theirs is behind the clock by at least
 * the bound) and its next event is judged as against theirs; once everything is quiet it moves event time on, and
 * the last events are applied. The price: after a total outage longer than this, events the producers buffered
 * arrive late.
 *
 * <p>Silence is measured on Flink's input activity clock, which stands still while the source is backpressured.
 */
public final class PartitionWatermarks implements WatermarkGenerator<SourceRecord> {
    /** The newest event arrived within this of its ts (or the bound, if longer): up to date, not catching up. */
    public static final long UP_TO_DATE_LAG_MILLIS = 1_000;
    /** A busy, up-to-date partition silent this long (or {@code liveIdleness}, if longer) is paused. */
    public static final long BUSY_PAUSE_MILLIS = 1_000;
    /** Busy or sparse is judged on about this much of the partition's recent events. */
    public static final long RATE_WINDOW_MILLIS = 1_000;

    private static final double RATE_WINDOW_NANOS = RATE_WINDOW_MILLIS * 1e6;

    private final long boundMillis;
    private final long upToDateLagMillis;
    private final long idleNanos;
    private final long liveIdleNanos;
    private final long quietFlushNanos;
    private final RelativeClock activity;
    private final LongSupplier wallMillis;

    private long newestTs = Long.MIN_VALUE;
    private boolean upToDate;
    private long lastActivityNanos;
    private long firstActivityNanos;
    /** The gaps between its events, each weighted e^(-age / RATE_WINDOW): about how many in the last second. */
    private double recentGaps;
    /** A moving average of the last gaps (about eight). */
    private long usualGapNanos;
    /** The decayed time one gap of {@code liveIdleness} spans, in units of the rate window. */
    private final double liveGapWeight;

    private boolean seen;
    /** The last watermark emitted; a stand-in at the clock may be ahead of the partition's own. */
    private long emitted = Long.MIN_VALUE;

    /**
     * @param boundMillis out-of-orderness bound plus allowed lateness
     * @param idleMillis {@code time.idleness}; 0 = never idle
     * @param liveIdleMillis {@code time.liveIdleness} for an up-to-date, sparse partition; 0 = off
     * @param quietFlushMillis {@code time.quietFlush}: silence after which an up-to-date partition stands at the
     *     clock; 0 = off
     * @param activity Flink's input activity clock (paused under backpressure)
     * @param wallMillis this machine's clock, epoch milliseconds (to tell up to date from catching up)
     */
    public PartitionWatermarks(
            long boundMillis,
            long idleMillis,
            long liveIdleMillis,
            long quietFlushMillis,
            RelativeClock activity,
            LongSupplier wallMillis) {
        this.boundMillis = boundMillis;
        this.upToDateLagMillis = Math.max(boundMillis, UP_TO_DATE_LAG_MILLIS);
        this.idleNanos = idleMillis * 1_000_000L;
        this.liveIdleNanos = liveIdleMillis * 1_000_000L;
        this.quietFlushNanos = quietFlushMillis * 1_000_000L;
        this.activity = activity;
        this.wallMillis = wallMillis;
        this.lastActivityNanos = activity.relativeTimeNanos();
        this.liveGapWeight = -Math.expm1(-liveIdleNanos / RATE_WINDOW_NANOS);
        this.usualGapNanos = liveIdleNanos;
    }

    @Override
    public void onEvent(SourceRecord record, long ts, WatermarkOutput output) {
        // a dead letter (no event time, ts Long.MIN_VALUE) is activity but moves nothing
        long now = activity.relativeTimeNanos();
        boolean live = liveIdleNanos > 0; // without liveIdleness, neither the gaps nor the wall clock matter
        if (live) {
            if (seen) {
                long gap = now - lastActivityNanos;
                recentGaps = recentGaps * Math.exp(-gap / RATE_WINDOW_NANOS) + 1;
                usualGapNanos += (gap - usualGapNanos) / 8;
            } else {
                firstActivityNanos = now;
            }
        }
        seen = true;
        lastActivityNanos = now;
        if (ts > newestTs) {
            newestTs = ts;
            upToDate = live && wallMillis.getAsLong() - ts <= upToDateLagMillis;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long silence = activity.relativeTimeNanos() - lastActivityNanos;
        if (quietFlushNanos > 0 && newestTs != Long.MIN_VALUE && silence >= quietFlushNanos) {
            long now = wallMillis.getAsLong();
            // up to date when it went silent: its newest event had arrived (now - silence) within the lag of its ts
            if (now - silence / 1_000_000 - newestTs <= upToDateLagMillis) {
                emit(output, now - boundMillis - 1);
                return;
            }
        }
        long timeout = idleNanos;
        if (liveIdleNanos > 0 && upToDate) {
            long live = busy() ? Math.max(liveIdleNanos, BUSY_PAUSE_MILLIS * 1_000_000L) : liveIdleNanos;
            timeout = timeout > 0 ? Math.min(timeout, live) : live;
        }
        if (timeout > 0 && silence >= timeout) {
            output.markIdle();
        } else if (newestTs != Long.MIN_VALUE) {
            emit(output, newestTs - boundMillis - 1);
        }
    }

    /** Watermarks only move forward: after standing at the clock, the partition's own catches up first. */
    private void emit(WatermarkOutput output, long watermark) {
        emitted = Math.max(emitted, watermark);
        output.emitWatermark(new Watermark(emitted));
    }

    /**
     * Its gaps came on average less than {@code liveIdleness} apart both over its last few gaps and over about the
     * last second. The second is the decayed count of gaps against the decayed time they span (both weigh a moment
     * by e^(-age / RATE_WINDOW)), so a steady stream of gaps g is busy exactly when g < liveIdleness, from its
     * second event on. A lone first event is sparse.
     */
    private boolean busy() {
        if (usualGapNanos >= liveIdleNanos) {
            return false;
        }
        double spanned = -Math.expm1(-(lastActivityNanos - firstActivityNanos) / RATE_WINDOW_NANOS);
        return recentGaps * liveGapWeight > spanned;
    }
}
