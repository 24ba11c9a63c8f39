package io.riskwatch.state;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One String instance per client id, symbol and broker id in this JVM. Heap state keeps the key object of each
 * entry and timer, and every record arrives deserialised anew, so without this a client's id would be held once
 * per state entry. The key selectors run on every record, on both sides of a shuffle: a lock-free map lookup
 * here costs a fraction of {@link String#intern()} (a native call into the JVM's string table, 6 % of all CPU
 * at a million clients).
 *
 * <p>Entries are never dropped: there is one per client, symbol and broker ever seen, as there is a book per
 * client (about 40 bytes each, counted in the bench's heap per client).
 */
public final class Interned {
    private static final ConcurrentHashMap<String, String> POOL = new ConcurrentHashMap<>(1 << 16);

    private Interned() {}

    /** The one instance equal to {@code s}; null for null. */
    public static String of(String s) {
        if (s == null) {
            return null;
        }
        String kept = POOL.get(s);
        if (kept != null) {
            return kept;
        }
        kept = POOL.putIfAbsent(s, s);
        return kept == null ? s : kept;
    }
}
