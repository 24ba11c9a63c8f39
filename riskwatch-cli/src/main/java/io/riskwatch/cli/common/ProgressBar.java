package io.riskwatch.cli.common;

import io.riskwatch.source.file.ReplayFileSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress line of a long replay on a terminal: how much of the input the source has read (bytes of the
 * files, or records of a Kafka range's offsets), events read, events/s and the time left, redrawn in place
 * every half second and finished with a newline. Reading ends a little before the job does: the last line
 * says so while the rules drain.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 24;

    private final String label;
    private final ReadProgress progress;
    private final long totalBytes;
    private final long totalRecords;
    private final PrintWriter out;
    private final LongSupplier nanos;
    private final ScheduledExecutorService timer;
    private int lastLength;
    private long readingSince = -1;
    private long lastDraw;

    /**
     * @param totalBytes the input files' size, or 0 when reading Kafka
     * @param totalRecords the records a Kafka range holds, or 0 when unknown
     */
    public ProgressBar(
            String label,
            ReadProgress progress,
            long totalBytes,
            long totalRecords,
            PrintWriter out,
            LongSupplier nanos) {
        this.label = label;
        this.progress = progress;
        this.totalBytes = totalBytes;
        this.totalRecords = totalRecords;
        this.out = out;
        this.nanos = nanos;
        this.lastDraw = nanos.getAsLong();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riskwatch-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Work that reads its input with a progress tracker (null when no line is shown). */
    public interface Tracked<T> {
        T run(ReadProgress progress) throws Exception;
    }

    /** Whether to show a line: on a terminal, unless {@code --quiet}. */
    public static boolean wanted(boolean quiet) {
        return !quiet && System.console() != null;
    }

    /** The size of the input files (folders expanded), the 100 % of a file replay. */
    public static long fileBytes(List<String> inputs) throws IOException {
        long bytes = 0;
        for (String f : ReplayFileSource.expand(inputs)) {
            bytes += Files.size(Path.of(f));
        }
        return bytes;
    }

    /** Runs the work with a progress line on {@code err} when {@code show}, else plainly. */
    public static <T> T around(
            boolean show, String label, long totalBytes, long totalRecords, PrintWriter err, Tracked<T> work)
            throws Exception {
        if (!show) {
            return work.run(null);
        }
        ReadProgress progress = ReadProgress.open();
        try (ProgressBar bar =
                new ProgressBar(label, progress, totalBytes, totalRecords, err, System::nanoTime).start()) {
            return work.run(progress);
        } finally {
            progress.close();
        }
    }

    /** Starts redrawing every 500 ms on a daemon thread. */
    public ProgressBar start() {
        timer.scheduleAtFixedRate(this::draw, 500, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    synchronized void draw() {
        long now = nanos.getAsLong();
        long records = progress.records();
        if (readingSince < 0 && records > 0) {
            // the rate counts from the first record read (between the last draw and this one), not from start-up
            readingSince = lastDraw + (now - lastDraw) / 2;
        }
        lastDraw = now;
        String line = render(
                label, records, progress.bytes(), totalBytes, totalRecords, readingSince < 0 ? 0 : now - readingSince);
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    /** Stops redrawing and ends the line with the final figures. */
    @Override
    public void close() {
        timer.shutdownNow();
        draw();
        out.println();
        out.flush();
    }

    /** One progress line; pure, for tests. {@code elapsedNanos}: since reading began. */
    static String render(
            String label, long records, long bytes, long totalBytes, long totalRecords, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double fraction =
                totalBytes > 0 ? (double) bytes / totalBytes : totalRecords > 0 ? (double) records / totalRecords : -1;
        StringBuilder s = new StringBuilder(label).append(' ');
        if (records == 0) {
            return s.append("starting the job ...").toString();
        }
        if (fraction >= 0) {
            double f = Math.min(1, fraction);
            int filled = (int) Math.floor(f * WIDTH);
            s.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(WIDTH - filled))
                    .append("] ")
                    .append(String.format("%3d%%", (int) Math.floor(f * 100)));
        }
        s.append(String.format("  %,d events", records));
        if (totalBytes > 0) {
            s.append(String.format(" (%s of %s)", size(bytes), size(totalBytes)));
        } else if (totalRecords > 0) {
            s.append(String.format(" of %,d", totalRecords));
        }
        if (seconds >= 0.5) {
            s.append(String.format("  %,.0f events/s", records / seconds));
        }
        if (fraction >= 1) {
            s.append("  read; rules finishing");
        } else if (fraction > 0 && seconds >= 0.5) {
            s.append("  ETA ").append(duration((long) Math.ceil(seconds * (1 - fraction) / fraction)));
        }
        return s.toString();
    }

    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long sec = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, sec) : String.format("%d:%02d", m, sec);
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format("%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format("%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format("%,d KiB", (bytes + 1023) / 1024);
    }
}
