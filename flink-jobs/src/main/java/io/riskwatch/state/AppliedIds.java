package io.riskwatch.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The eventIds one key applied within the duplicate window, compactly: a 64-bit hash of each id and the ts it
 * was applied at, in application order (so ts ascending), packed in one byte array (16 bytes an id), where a map of
 * id strings took over 100; a client keeps a handful.
 *
 * <p>Two different eventIds of the same key with the same 64-bit hash inside one window would be taken for a
 * duplicate. With MurmurHash3 that is about n²/2⁶⁵ for n ids of a key: below 10⁻¹² for a client with a
 * thousand orders a week.
 *
 * <p>A Flink POJO (public fields, a primitive array): no Kryo in checkpoints, and the ids are written as one block
 * of bytes. A symbol keeps a week of quote ids, most of the job's state: as two long arrays, written a long at a
 * time, the checkpoint's background serialisation took the CPU the live job needed (docs/PERFORMANCE.md).
 */
public class AppliedIds {
    private static final byte[] NONE = new byte[0];
    /** Bytes per id: the hash, then the ts. */
    static final int ENTRY = 16;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Entry i: its hash (little-endian) at {@code ENTRY * i}, the ts it was applied at (ascending) after it. */
    public byte[] entries = NONE;

    public int size;
    /**
     * The layout before the ids were packed: hashes and times in two arrays. Null, except in a value restored
     * from an older savepoint or checkpoint (Flink's POJO schema evolution fills the fields it knows), which is
     * packed into {@link #entries} at its first use; upgrades go through a savepoint (docs/deployment.md).
     */
    public long[] hashes;

    public long[] times;
    /** The event time of the next purge, or {@link Long#MIN_VALUE} when none is scheduled. */
    public long purgeAt = Long.MIN_VALUE;

    /** Beyond this many ids a lookup uses {@link #index} instead of scanning. */
    static final int SCAN_LIMIT = 16;
    /**
     * Open addressing over the positions (+1, 0 is empty) of the newest entry of each hash; rebuilt when needed
     * (not serialised: a restored value rebuilds it at its first lookup). Only keys with many ids (symbols:
     * thousands of quotes a day) have one.
     */
    private transient int[] index;

    public AppliedIds() {}

    /** The hash kept for an eventId. */
    public static long hash(String eventId) {
        return MurmurHash3.hash128x64(eventId.getBytes(StandardCharsets.UTF_8))[0];
    }

    /** Whether an id with this hash was applied at a ts no more than {@code window} before {@code ts}. */
    public boolean seenWithin(long hash, long ts, long window) {
        packLegacy();
        if (size <= SCAN_LIMIT) {
            for (int i = size - 1; i >= 0 && ts - timeAt(i) <= window; i--) {
                if (hashAt(i) == hash) {
                    return true;
                }
            }
            return false;
        }
        if (index == null) {
            rebuildIndex();
        }
        int mask = index.length - 1;
        for (int slot = slotOf(hash, mask); index[slot] != 0; slot = (slot + 1) & mask) {
            int pos = index[slot] - 1;
            if (hashAt(pos) == hash) {
                return ts - timeAt(pos) <= window;
            }
        }
        return false;
    }

    /** Remembers an applied id; {@code ts} is not before the last one added. */
    public void add(long hash, long ts) {
        packLegacy();
        if (size * ENTRY == entries.length) {
            int capacity = size < 4 ? size + 1 : size + (size >> 1);
            entries = Arrays.copyOf(entries, capacity * ENTRY);
        }
        LONG.set(entries, size * ENTRY, hash);
        LONG.set(entries, size * ENTRY + 8, ts);
        size++;
        if (index != null) {
            if (size * 3 > index.length * 2) {
                rebuildIndex();
            } else {
                put(size - 1);
            }
        }
    }

    private void rebuildIndex() {
        // load at most 2/3 after a rebuild of n ids: the smallest power of two >= 1.5 n (at least 64)
        int capacity = Integer.highestOneBit(Math.max(64, size + (size >> 1)) - 1) << 1;
        index = new int[capacity];
        for (int i = 0; i < size; i++) {
            put(i);
        }
    }

    /** Points the hash of entry {@code pos} at it (a later entry of the same hash replaces an earlier one). */
    private void put(int pos) {
        int mask = index.length - 1;
        long hash = hashAt(pos);
        int slot = slotOf(hash, mask);
        while (index[slot] != 0 && hashAt(index[slot] - 1) != hash) {
            slot = (slot + 1) & mask;
        }
        index[slot] = pos + 1;
    }

    private static int slotOf(long hash, int mask) {
        return (int) (hash ^ (hash >>> 32)) & mask;
    }

    /** Forgets the ids applied at or before {@code oldest}; returns how many are kept. */
    public int forgetUpTo(long oldest) {
        packLegacy();
        int drop = 0;
        while (drop < size && timeAt(drop) <= oldest) {
            drop++;
        }
        int kept = size - drop;
        // copy to exact size: a quiet key keeps no spare capacity
        entries = Arrays.copyOfRange(entries, drop * ENTRY, size * ENTRY);
        size = kept;
        index = null; // positions moved: rebuilt at the next lookup that needs it
        return kept;
    }

    /** The ts of the oldest id kept; only when {@code size > 0}. */
    public long oldest() {
        packLegacy();
        return timeAt(0);
    }

    /** Moves a value restored in the two-array layout into {@link #entries}. */
    private void packLegacy() {
        if (hashes == null) {
            return;
        }
        entries = new byte[size * ENTRY];
        for (int i = 0; i < size; i++) {
            LONG.set(entries, i * ENTRY, hashes[i]);
            LONG.set(entries, i * ENTRY + 8, times[i]);
        }
        hashes = null;
        times = null;
        index = null;
    }

    private long hashAt(int i) {
        return (long) LONG.get(entries, i * ENTRY);
    }

    private long timeAt(int i) {
        return (long) LONG.get(entries, i * ENTRY + 8);
    }
}
