package io.riskwatch.cli.common;

import io.riskwatch.source.ReadListener;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How far a replay's source has read, for the progress bar of {@code riskwatch replay} and the bench's heap
 * probe. A replay runs its job on an embedded MiniCluster in the command's own JVM, so its source reports here
 * directly, without waiting for Flink's accumulators (which travel with the 10 s heartbeats). The command
 * {@linkplain #open opens} a tracker and gives the source its {@link #listener()}, which travels with the
 * source to the task and finds this tracker again by its key.
 */
public final class ReadProgress {
    private static final Map<String, ReadProgress> OPEN = new ConcurrentHashMap<>();

    private final String key;
    private final LongAdder records = new LongAdder();
    private final AtomicLong bytes = new AtomicLong();
    private volatile Runnable atEnd;

    private ReadProgress(String key) {
        this.key = key;
    }

    /** A new tracker, registered until {@link #close()}. */
    public static ReadProgress open() {
        ReadProgress p = new ReadProgress(UUID.randomUUID().toString());
        OPEN.put(p.key, p);
        return p;
    }

    /** The tracker of this key, or null when none is open in this JVM (no key given, or the job runs elsewhere). */
    public static ReadProgress find(String key) {
        return key == null || key.isEmpty() ? null : OPEN.get(key);
    }

    public String key() {
        return key;
    }

    /** Records read so far (dead letters included). */
    public long records() {
        return records.sum();
    }

    /** Input bytes consumed so far (file replays; 0 for Kafka). */
    public long bytes() {
        return bytes.get();
    }

    public void addRecords(long n) {
        records.add(n);
    }

    /** A file reader's running totals: records emitted and bytes consumed so far. */
    public void readTo(long recordsSoFar, long bytesSoFar) {
        records.add(recordsSoFar - records.sum());
        bytes.set(bytesSoFar);
    }

    /** Runs {@code hook} (which may block) when the source reaches the end of its input. */
    public void atEnd(Runnable hook) {
        atEnd = hook;
    }

    /** What to give the source's builder: reports to this tracker while it is open. */
    public ReadListener listener() {
        return new Listener(key);
    }

    private static final class Listener implements ReadListener {
        private static final long serialVersionUID = 1L;
        private final String key;

        Listener(String key) {
            this.key = key;
        }

        @Override
        public void readTo(long recordsSoFar, long bytesSoFar) {
            ReadProgress p = find(key);
            if (p != null) {
                p.readTo(recordsSoFar, bytesSoFar);
            }
        }

        @Override
        public void recordRead() {
            ReadProgress p = find(key);
            if (p != null) {
                p.addRecords(1);
            }
        }

        @Override
        public void endOfInput() {
            ReadProgress p = find(key);
            Runnable hook = p == null ? null : p.atEnd;
            if (hook != null) {
                p.atEnd = null;
                hook.run();
            }
        }
    }

    public void close() {
        OPEN.remove(key);
    }
}
