package io.riskwatch.source.file;

import io.riskwatch.model.Event;
import io.riskwatch.model.EventOrder;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.EventParser;
import io.riskwatch.source.ReadListener;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads all input files at once and merges them into one stream in the contract's processing order: a k-way
 * merge over each file's own reordered stream, with dead letters passed through as soon as they are found.
 * The output is the same for the same files whatever their number or split, and it is deterministic, so a
 * restore can re-read and skip what was already emitted.
 */
public final class ReplayMerger implements Iterator<SourceRecord>, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayMerger.class);
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;
    /** The contract's default {@code time.maxFuture}, one hour. */
    public static final long DEFAULT_MAX_FUTURE_MILLIS = 3_600_000L;

    private final List<FileEventStream> streams = new ArrayList<>();
    private final ArrayDeque<SourceRecord> deadLetters = new ArrayDeque<>();
    private final long totalBytes;
    private SourceRecord next;
    private boolean ended;
    private long emitted;
    private long lastProgress = System.nanoTime();
    private final ReadListener progress;

    /**
     * @param files the files to read, each shown in {@code source} as given in {@code displayPaths}
     * @param alreadyEmitted records to skip (restore from a checkpoint)
     */
    public ReplayMerger(
            List<String> displayPaths, List<Path> files, int maxRecordBytes, long delayMillis, long alreadyEmitted) {
        this(displayPaths, files, maxRecordBytes, delayMillis, DEFAULT_MAX_FUTURE_MILLIS, alreadyEmitted, null);
    }

    /**
     * @param maxFutureMillis {@code time.maxFuture}: a record more than this ahead of both its neighbours in its file
     *     is {@code implausible_ts}; 0 = off
     * @param listener told how far it read and when it reached the end, or null
     */
    public ReplayMerger(
            List<String> displayPaths,
            List<Path> files,
            int maxRecordBytes,
            long delayMillis,
            long maxFutureMillis,
            long alreadyEmitted,
            ReadListener listener) {
        this.progress = listener;
        EventParser parser = new EventParser();
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            streams.add(new FileEventStream(
                    displayPaths.get(i),
                    files.get(i),
                    maxRecordBytes,
                    delayMillis,
                    maxFutureMillis,
                    parser,
                    deadLetters));
            try {
                bytes += Files.size(files.get(i));
            } catch (IOException e) {
                // size is only for progress reporting
            }
        }
        this.totalBytes = bytes;
        for (long i = 0; i < alreadyEmitted && hasNext(); i++) {
            next();
        }
    }

    /** Records emitted so far, dead letters included. */
    public long emitted() {
        return emitted;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
            if (next == null && !ended) {
                ended = true;
                if (progress != null) {
                    progress.readTo(emitted, bytesRead());
                    progress.endOfInput();
                }
            }
        }
        return next != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord r = next;
        next = null;
        emitted++;
        if ((emitted & 0xFF) == 0) {
            if (progress != null) {
                progress.readTo(emitted, bytesRead());
            }
            if ((emitted & 0xFFF) == 0) {
                reportProgress();
            }
        }
        return r;
    }

    private SourceRecord advance() {
        while (true) {
            if (!deadLetters.isEmpty()) {
                return deadLetters.poll();
            }
            FileEventStream best = null;
            Event bestHead = null;
            for (FileEventStream s : streams) {
                Event head = s.head();
                if (!deadLetters.isEmpty()) {
                    // reading ahead found bad records: hand them out first, then resume the merge
                    break;
                }
                if (head != null && (bestHead == null || EventOrder.COMPARATOR.compare(head, bestHead) < 0)) {
                    best = s;
                    bestHead = head;
                }
            }
            if (!deadLetters.isEmpty()) {
                continue;
            }
            return best == null ? null : SourceRecord.of(best.poll());
        }
    }

    private void reportProgress() {
        long now = System.nanoTime();
        if (now - lastProgress < PROGRESS_EVERY_NANOS) {
            return;
        }
        lastProgress = now;
        long read = bytesRead();
        LOG.info(
                "replay progress: {} records, {} MB of {} MB read ({}%)",
                emitted, read >> 20, totalBytes >> 20, totalBytes == 0 ? 100 : read * 100 / totalBytes);
    }

    private long bytesRead() {
        long read = 0;
        for (FileEventStream s : streams) {
            read += s.bytesRead();
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        for (FileEventStream s : streams) {
            s.close();
        }
    }
}
