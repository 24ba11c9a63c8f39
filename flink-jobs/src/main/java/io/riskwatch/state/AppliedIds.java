package io.riskwatch.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The eventIds one key applied within the duplicate window, compactly: a 64-bit hash of each id and the ts it
 * was applied at, in application order (so ts ascending), in two primitive arrays. About 16 bytes per id,
 * where a map of id strings took over 100; a client keeps a handful.
 *
 * <p>Two different eventIds of the same key with the same 64-bit hash inside one window would be taken for a
 * duplicate. With MurmurHash3 that is about n²/2⁶⁵ for n ids of a key: below 10⁻¹² for a client with a
 * thousand orders a week.
 *
 * <p>A Flink POJO (public fields, primitive arrays): no Kryo in checkpoints.
 */
public class AppliedIds {
    private static final long[] NONE = new long[0];

    /** Hashes of the applied ids; only the first {@link #size} are in use. */
    public long[] hashes = NONE;
    /** The ts each was applied at, ascending. */
    public long[] times = NONE;
    public int size;
    /** The event time of the next purge, or {@link Long#MIN_VALUE} when none is scheduled. */
    public long purgeAt = Long.MIN_VALUE;

    public AppliedIds() {}

    /** The hash kept for an eventId. */
    public static long hash(String eventId) {
        return MurmurHash3.hash128x64(eventId.getBytes(StandardCharsets.UTF_8))[0];
    }

    /** Whether an id with this hash was applied at a ts no more than {@code window} before {@code ts}. */
    public boolean seenWithin(long hash, long ts, long window) {
        for (int i = size - 1; i >= 0 && ts - times[i] <= window; i--) {
            if (hashes[i] == hash) {
                return true;
            }
        }
        return false;
    }

    /** Remembers an applied id; {@code ts} is not before the last one added. */
    public void add(long hash, long ts) {
        if (size == hashes.length) {
            int capacity = size < 4 ? size + 1 : size + (size >> 1);
            hashes = Arrays.copyOf(hashes, capacity);
            times = Arrays.copyOf(times, capacity);
        }
        hashes[size] = hash;
        times[size] = ts;
        size++;
    }

    /** Forgets the ids applied at or before {@code oldest}; returns how many are kept. */
    public int forgetUpTo(long oldest) {
        int drop = 0;
        while (drop < size && times[drop] <= oldest) {
            drop++;
        }
        int kept = size - drop;
        // copy to exact size: a quiet key keeps no spare capacity
        hashes = Arrays.copyOfRange(hashes, drop, size);
        times = Arrays.copyOfRange(times, drop, size);
        size = kept;
        return kept;
    }

    /** The ts of the oldest id kept; only when {@code size > 0}. */
    public long oldest() {
        return times[0];
    }
}
