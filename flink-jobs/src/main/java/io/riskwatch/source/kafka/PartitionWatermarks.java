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
 *   <li>sparse: its events usually come at least {@code liveIdleness} apart (a moving average of the gaps). A
 *       sparse partition (a few transfers a second) then stops holding every alert back within milliseconds of its
 *       last event. A busy one (quotes) silent for that long is most likely a hiccup in its delivery: skipping it
 *       would make the events it delivers next late. A busy, up-to-date partition counts as paused after
 *       {@link #BUSY_PAUSE_MILLIS} (a burst of reference records, then nothing; the market's lunch break).</li>
 * </ul>
 * Measured on a 30 s backlog read after a stop (docs/PERFORMANCE.md): a 10 ms idleness for every partition made
 * 41 % of it late; up to date within 1 s, 725 (busy partitions' hiccups); up to date within the 20 ms bound, 100
 * (all of one busy quote partition); up to date and sparse, none. Up to date within the bound alone was too strict:
 * one reference record delayed 21 ms held every alert until the next one, 10 s later.
 *
 * <p>Silence is measured on Flink's input activity clock, which stands still while the source is backpressured.
 */
public final class PartitionWatermarks implements WatermarkGenerator<SourceRecord> {
    /** The newest event arrived within this of its ts (or the bound, if longer): up to date, not catching up. */
    public static final long UP_TO_DATE_LAG_MILLIS = 1_000;
    /** A busy, up-to-date partition silent this long (or {@code liveIdleness}, if longer) is paused. */
    public static final long BUSY_PAUSE_MILLIS = 1_000;

    private final long boundMillis;
    private final long upToDateLagMillis;
    private final long idleNanos;
    private final long liveIdleNanos;
    private final RelativeClock activity;
    private final LongSupplier wallMillis;

    private long newestTs = Long.MIN_VALUE;
    private boolean upToDate;
    private long lastActivityNanos;
    private long usualGapNanos;
    private boolean seen;

    /**
     * @param boundMillis out-of-orderness bound plus allowed lateness
     * @param idleMillis {@code time.idleness}; 0 = never idle
     * @param liveIdleMillis {@code time.liveIdleness} for an up-to-date, sparse partition; 0 = off
     * @param activity Flink's input activity clock (paused under backpressure)
     * @param wallMillis this machine's clock, epoch milliseconds (to tell up to date from catching up)
     */
    public PartitionWatermarks(long boundMillis, long idleMillis, long liveIdleMillis, RelativeClock activity,
            LongSupplier wallMillis) {
        this.boundMillis = boundMillis;
        this.upToDateLagMillis = Math.max(boundMillis, UP_TO_DATE_LAG_MILLIS);
        this.idleNanos = idleMillis * 1_000_000L;
        this.liveIdleNanos = liveIdleMillis * 1_000_000L;
        this.activity = activity;
        this.wallMillis = wallMillis;
        this.lastActivityNanos = activity.relativeTimeNanos();
        this.usualGapNanos = liveIdleNanos; // sparse until its events show otherwise
    }

    @Override
    public void onEvent(SourceRecord record, long ts, WatermarkOutput output) {
        // a dead letter (no event time, ts Long.MIN_VALUE) is activity but moves nothing
        long now = activity.relativeTimeNanos();
        boolean live = liveIdleNanos > 0; // without liveIdleness, neither the gaps nor the wall clock matter
        if (live && seen) {
            usualGapNanos += (now - lastActivityNanos - usualGapNanos) / 8;
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
        long timeout = idleNanos;
        if (liveIdleNanos > 0 && upToDate) {
            long live = usualGapNanos >= liveIdleNanos ? liveIdleNanos
                    : Math.max(liveIdleNanos, BUSY_PAUSE_MILLIS * 1_000_000L);
            timeout = timeout > 0 ? Math.min(timeout, live) : live;
        }
        if (timeout > 0 && activity.relativeTimeNanos() - lastActivityNanos >= timeout) {
            output.markIdle();
        } else if (newestTs != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(newestTs - boundMillis - 1));
        }
    }
}
