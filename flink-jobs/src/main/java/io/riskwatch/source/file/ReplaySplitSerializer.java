package io.riskwatch.source.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Checkpoint form of {@link ReplaySplit} and of the enumerator's pending splits. */
final class ReplaySplitSerializer {
    private ReplaySplitSerializer() {}

    static final SimpleVersionedSerializer<ReplaySplit> SPLIT = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 4;
        }

        @Override
        public byte[] serialize(ReplaySplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out, split);
            }
            return bytes.toByteArray();
        }

        @Override
        public ReplaySplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(in, version);
            }
        }
    };

    static final SimpleVersionedSerializer<Collection<ReplaySplit>> PENDING = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 4;
        }

        @Override
        public byte[] serialize(Collection<ReplaySplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (ReplaySplit s : splits) {
                    write(out, s);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public Collection<ReplaySplit> deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<ReplaySplit> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    splits.add(read(in, version));
                }
                return splits;
            }
        }
    };

    private static void write(DataOutputStream out, ReplaySplit split) throws IOException {
        out.writeInt(split.paths().size());
        for (String p : split.paths()) {
            out.writeUTF(p);
        }
        out.writeInt(split.maxRecordBytes());
        out.writeLong(split.delayMillis());
        out.writeLong(split.emitted());
        out.writeLong(split.maxFutureMillis());
    }

    /**
     * Version 4 added {@code maxFutureMillis}; a split from before reads with it off (0), so the restored replay
     * emits in the order it was checkpointed in. Version 2 had a progress key (now the reader's listener, never
     * serialized); version 1 had none.
     */
    private static ReplaySplit read(DataInputStream in, int version) throws IOException {
        int n = in.readInt();
        List<String> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            paths.add(in.readUTF());
        }
        int maxRecordBytes = in.readInt();
        long delayMillis = in.readLong();
        long emitted = in.readLong();
        if (version == 2) {
            in.readUTF();
        }
        long maxFutureMillis = version >= 4 ? in.readLong() : 0;
        return new ReplaySplit(paths, maxRecordBytes, delayMillis, maxFutureMillis, emitted);
    }
}
