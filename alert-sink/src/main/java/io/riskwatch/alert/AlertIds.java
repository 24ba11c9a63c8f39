package io.riskwatch.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic alert ids: {@code RULE-<16 hex>} where the hex is the start of SHA-256 over the rule,
 * its key and the evidence. A replay or a restart derives the same id, so every sink can drop copies.
 */
public final class AlertIds {
    private AlertIds() {}

    public static String of(String rule, String key, List<String> evidence) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        update(sha, rule);
        update(sha, key);
        for (String eventId : evidence) {
            update(sha, eventId);
        }
        byte[] digest = sha.digest();
        return rule + "-" + HexFormat.of().formatHex(digest, 0, 8);
    }

    private static void update(MessageDigest sha, String part) {
        // the 0 separator keeps ("ab","c") and ("a","bc") apart
        sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
