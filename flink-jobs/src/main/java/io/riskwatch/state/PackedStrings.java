package io.riskwatch.state;

import java.nio.charset.StandardCharsets;

/**
 * A few strings (nulls allowed) in one byte array: each as its UTF-8 after its length (two bytes below 32,767 bytes,
 * else four with the first byte's top bit set; {@code 0x7FFF} for null). State that keeps what it may cite for
 * hours, such as the ids and text fields of an event a rule may later give as evidence, holds one array per event
 * this way rather than a String per field (a String costs 24 bytes and its array 16 more before its first
 * character).
 */
public final class PackedStrings {
    private static final int NULL = 0x7FFF;

    private PackedStrings() {}

    public static byte[] pack(String... parts) {
        byte[][] utf8 = new byte[parts.length][];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            utf8[i] = parts[i] == null ? null : parts[i].getBytes(StandardCharsets.UTF_8);
            size += utf8[i] == null ? 2 : (utf8[i].length < NULL ? 2 : 4) + utf8[i].length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : utf8) {
            int n = part == null ? NULL : part.length;
            if (part != null && n >= NULL) {
                out[at++] = (byte) ((n >>> 24) | 0x80);
                out[at++] = (byte) (n >>> 16);
            }
            out[at++] = (byte) (n >>> 8);
            out[at++] = (byte) n;
            if (part != null) {
                System.arraycopy(part, 0, out, at, n);
                at += n;
            }
        }
        return out;
    }

    /** The string at {@code index} (from 0) of {@code packed}. */
    public static String unpack(byte[] packed, int index) {
        int at = 0;
        for (int i = 0; ; i++) {
            int n = ((packed[at] & 0xFF) << 8) | (packed[at + 1] & 0xFF);
            at += 2;
            boolean isNull = n == NULL;
            if ((n & 0x8000) != 0) {
                n = ((n & 0x7FFF) << 16) | ((packed[at] & 0xFF) << 8) | (packed[at + 1] & 0xFF);
                at += 2;
            } else if (isNull) {
                n = 0;
            }
            if (i == index) {
                return isNull ? null : new String(packed, at, n, StandardCharsets.UTF_8);
            }
            at += n;
        }
    }
}
