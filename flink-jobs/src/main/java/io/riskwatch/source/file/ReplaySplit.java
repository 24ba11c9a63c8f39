package io.riskwatch.source.file;

import io.riskwatch.model.SourceRecord;
import io.riskwatch.source.ReadListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;

/**
 * The single split of a file replay: every input file, and how many records were already emitted. The merge
 * is deterministic, so restoring means re-reading and skipping that many.
 */
public final class ReplaySplit implements IteratorSourceSplit<SourceRecord, ReplayMerger> {
    private final List<String> paths;
    private final int maxRecordBytes;
    private final long delayMillis;
    private final long maxFutureMillis;
    private final long emitted;
    /** Set by the reader that got this split; never serialized. */
    private transient ReadListener listener;

    private transient ReplayMerger merger;

    public ReplaySplit(List<String> paths, int maxRecordBytes, long delayMillis, long maxFutureMillis, long emitted) {
        this.paths = List.copyOf(paths);
        this.maxRecordBytes = maxRecordBytes;
        this.delayMillis = delayMillis;
        this.maxFutureMillis = maxFutureMillis;
        this.emitted = emitted;
    }

    public List<String> paths() {
        return paths;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public long delayMillis() {
        return delayMillis;
    }

    public long maxFutureMillis() {
        return maxFutureMillis;
    }

    public long emitted() {
        return emitted;
    }

    /** The reader's listener, told how far this split's reading got; null: nobody. */
    void listenedBy(ReadListener l) {
        listener = l;
    }

    @Override
    public String splitId() {
        return "replay";
    }

    @Override
    public ReplayMerger getIterator() {
        if (merger == null) {
            merger = new ReplayMerger(
                    paths,
                    paths.stream().map(Path::of).toList(),
                    maxRecordBytes,
                    delayMillis,
                    maxFutureMillis,
                    emitted,
                    listener);
        }
        return merger;
    }

    @Override
    public ReplaySplit getUpdatedSplitForIterator(ReplayMerger iterator) {
        ReplaySplit next = new ReplaySplit(paths, maxRecordBytes, delayMillis, maxFutureMillis, iterator.emitted());
        next.listener = listener;
        return next;
    }

    void close() {
        if (merger != null) {
            try {
                merger.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
