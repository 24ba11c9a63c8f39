package io.riskwatch.source.file;

import io.riskwatch.model.SourceRecord;
import io.riskwatch.source.ReadListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source over JSON Lines files (or folders of them) that emits parsed events in the contract's
 * processing order plus the dead letters found on the way. Each file is judged for lateness on its own
 * (see {@link FileEventStream}), so replaying several files at once loses nothing. It runs with parallelism 1:
 * one reader merges all files; keyed operators downstream spread the work.
 *
 * <pre>{@code
 * ReplayFileSource source = ReplayFileSource.of(List.of("samples/trading-day"), 65536, 5000);
 * env.fromSource(source, WatermarkStrategy.forMonotonousTimestamps(), "replay").setParallelism(1);
 * }</pre>
 */
public final class ReplayFileSource
        implements Source<SourceRecord, ReplaySplit, Collection<ReplaySplit>>, ResultTypeQueryable<SourceRecord> {
    private static final long serialVersionUID = 1L;

    private final List<String> files;
    private final int maxRecordBytes;
    private final long delayMillis;
    private final long maxFutureMillis;
    private final ReadListener listener;

    private ReplayFileSource(
            List<String> files, int maxRecordBytes, long delayMillis, long maxFutureMillis, ReadListener listener) {
        this.listener = listener;
        this.files = List.copyOf(files);
        this.maxRecordBytes = maxRecordBytes;
        this.delayMillis = delayMillis;
        this.maxFutureMillis = maxFutureMillis;
    }

    /**
     * @param inputs files, or folders whose {@code *.jsonl} / {@code *.json} files are read (sorted by name)
     * @param delayMillis out-of-orderness bound plus allowed lateness, per file
     * @throws IllegalArgumentException when an input does not exist or a folder holds no input file
     */
    public static ReplayFileSource of(List<String> inputs, int maxRecordBytes, long delayMillis) {
        if (maxRecordBytes <= 0 || delayMillis < 0) {
            throw new IllegalArgumentException("maxRecordBytes must be > 0 and delayMillis >= 0");
        }
        return new ReplayFileSource(
                expand(inputs), maxRecordBytes, delayMillis, ReplayMerger.DEFAULT_MAX_FUTURE_MILLIS, null);
    }

    /**
     * The same source judging an isolated jump of more than {@code millis} ahead of both neighbours in a file as
     * {@code implausible_ts} ({@code time.maxFuture}); 0 = off.
     */
    public ReplayFileSource withMaxFuture(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("maxFuture must be >= 0");
        }
        return new ReplayFileSource(files, maxRecordBytes, delayMillis, millis, listener);
    }

    /** The input files an invocation will read, folders expanded, in the order given. */
    public static List<String> expand(List<String> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input given: name JSON Lines files or folders of them");
        }
        List<String> out = new ArrayList<>();
        for (String input : inputs) {
            Path p = Path.of(input);
            if (Files.isDirectory(p)) {
                try (Stream<Path> listing = Files.list(p)) {
                    List<String> found = listing.filter(f -> Files.isRegularFile(f))
                            .map(Path::toString)
                            .filter(n -> n.endsWith(".jsonl") || n.endsWith(".json"))
                            .sorted()
                            .toList();
                    if (found.isEmpty()) {
                        throw new IllegalArgumentException(
                                "input folder " + input + " holds no *.jsonl or *.json file");
                    }
                    out.addAll(found);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot list input folder " + input + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                if (!Files.isReadable(p)) {
                    throw new IllegalArgumentException("input file " + input + " is not readable");
                }
                out.add(input);
            } else {
                throw new IllegalArgumentException("input " + input + " does not exist");
            }
        }
        return out;
    }

    /** The same source telling {@code listener} how far it read and when it reached the end (null: nobody). */
    public ReplayFileSource withListener(ReadListener listener) {
        return new ReplayFileSource(files, maxRecordBytes, delayMillis, maxFutureMillis, listener);
    }

    public List<String> files() {
        return files;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<SourceRecord, ReplaySplit> createReader(SourceReaderContext readerContext) {
        return new IteratorSourceReader<>(readerContext) {
            @Override
            public void addSplits(List<ReplaySplit> splits) {
                splits.forEach(s -> s.listenedBy(listener));
                super.addSplits(splits);
            }

            @Override
            public void close() throws Exception {
                if (currentSplit != null) {
                    currentSplit.close();
                }
                super.close();
            }
        };
    }

    @Override
    public SplitEnumerator<ReplaySplit, Collection<ReplaySplit>> createEnumerator(
            SplitEnumeratorContext<ReplaySplit> enumContext) {
        return new IteratorSourceEnumerator<>(
                enumContext, List.of(new ReplaySplit(files, maxRecordBytes, delayMillis, maxFutureMillis, 0)));
    }

    @Override
    public SplitEnumerator<ReplaySplit, Collection<ReplaySplit>> restoreEnumerator(
            SplitEnumeratorContext<ReplaySplit> enumContext, Collection<ReplaySplit> checkpoint) {
        return new IteratorSourceEnumerator<>(enumContext, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<ReplaySplit> getSplitSerializer() {
        return ReplaySplitSerializer.SPLIT;
    }

    @Override
    public SimpleVersionedSerializer<Collection<ReplaySplit>> getEnumeratorCheckpointSerializer() {
        return ReplaySplitSerializer.PENDING;
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
