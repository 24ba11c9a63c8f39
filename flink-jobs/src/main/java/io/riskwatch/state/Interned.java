package io.riskwatch.state;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One String instance per client id, symbol and broker id in this JVM. Heap state keeps the key object of each
 * entry and timer, and every record arrives deserialised anew, so without this a client's id would be held once
 * per state entry. The key selectors run on every record, on both sides of a shuffle: a lock-free map lookup
 * here costs a fraction of {@link String#intern()} (a native call into the JVM's string table, 6 % of all CPU
 * at a million clients).
 *
 * <p>Two pools: client ids (a million) apart from symbols and broker ids (thousands), so the lookups made for
 * every quote stay in a table small enough for the CPU cache. Entries are never dropped: there is one per
 * client, symbol and broker ever seen, as there is a book per client (about 40 bytes each, counted in the
 * bench's heap per client).
 */
public final class Interned {
    private static final ConcurrentHashMap<String, String> CLIENTS = new ConcurrentHashMap<>(1 << 16);
    private static final ConcurrentHashMap<String, String> CODES = new ConcurrentHashMap<>(1 << 12);

    private Interned() {}

    /**
     * The one instance equal to this client id (or group id: a one-client group is named by its clientId); null for
     * null.
     */
    public static String clientId(String s) {
        return of(CLIENTS, s);
    }

    /** The one instance equal to this symbol or broker id; null for null. */
    public static String code(String s) {
        return of(CODES, s);
    }

    private static String of(ConcurrentHashMap<String, String> pool, String s) {
        if (s == null) {
            return null;
        }
        String kept = pool.get(s);
        if (kept != null) {
            return kept;
        }
        kept = pool.putIfAbsent(s, s);
        return kept == null ? s : kept;
    }
}
