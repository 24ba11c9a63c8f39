package io.riskwatch.cli.bench;

import com.sun.management.OperatingSystemMXBean;
import io.riskwatch.cli.common.ReadProgress;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Measures the live heap at the end of a replay's input, while the keyed state is all still held: the replay
 * source calls in (through {@link EndOfInputHold}) after its last record; the probe waits until the process
 * is quiet (the operators downstream have worked through what the source emitted), runs a full GC twice, reads
 * the heap in use, and lets the source finish. The caller subtracts the time and CPU the probe took.
 */
final class HeapProbe {
    private static final long POLL_MILLIS = 200;
    /** Quiet: less than this share of one CPU used over {@link #QUIET_WINDOW_MILLIS}. */
    private static final double QUIET_CPU_SHARE = 0.08;

    private static final long QUIET_WINDOW_MILLIS = 1_000;
    private static final long GIVE_UP_MILLIS = 180_000;

    /** What one pass measured; filled when the source reached its end. */
    static final class Measure {
        private volatile long heapBytes;
        private volatile long holdNanos;
        private volatile long holdCpuNanos;
        private volatile boolean quiet;
        private volatile String histogram;

        long heapBytes() {
            return heapBytes;
        }

        long holdNanos() {
            return holdNanos;
        }

        long holdCpuNanos() {
            return holdCpuNanos;
        }

        /** The top of the live class histogram at the end of the input, or null when not asked for. */
        String histogram() {
            return histogram;
        }

        /** False when the process did not go quiet within the give-up time (measured anyway). */
        boolean quiet() {
            return quiet;
        }
    }

    /** Arms the probe for when the source reporting to {@code progress} reaches its end. */
    Measure arm(boolean histogram, ReadProgress progress) {
        Measure m = new Measure();
        progress.atEnd(() -> measure(m, histogram));
        return m;
    }

    private static void measure(Measure m, boolean histogram) {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        m.quiet = waitUntilQuiet();
        System.gc();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        m.heapBytes = rt.totalMemory() - rt.freeMemory();
        if (histogram) {
            m.histogram = classHistogram(30);
        }
        m.holdCpuNanos = processCpuNanos() - cpu0;
        m.holdNanos = System.nanoTime() - t0;
    }

    private static boolean waitUntilQuiet() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS);
        int window = (int) (QUIET_WINDOW_MILLIS / POLL_MILLIS);
        long[] cpu = new long[window + 1];
        int n = 0;
        while (System.nanoTime() < deadline) {
            cpu[n % cpu.length] = processCpuNanos();
            if (n >= window) {
                long used = cpu[n % cpu.length] - cpu[(n - window) % cpu.length];
                if (used < QUIET_CPU_SHARE * TimeUnit.MILLISECONDS.toNanos(QUIET_WINDOW_MILLIS)) {
                    return true;
                }
            }
            n++;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The first {@code rows} lines of the JVM's live class histogram (what {@code jmap -histo:live} prints). */
    private static String classHistogram(int rows) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            return String.join(
                    "\n", String.valueOf(text).lines().limit(rows + 3).toList());
        } catch (JMException e) {
            return "class histogram unavailable: " + e.getMessage();
        }
    }

    /** CPU time of the whole process (all threads), ns. */
    static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
