package io.riskwatch.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the console writes to its log from what a visitor typed or sent: one line each, whatever they sent (no
 * forged lines from a newline in a name), and never a typed name that matches no user (it may be a password typed
 * in the wrong field): such a name is logged as a short fingerprint, so repeated attempts can still be told apart.
 */
final class LogText {
    static final int MAX_CHARS = 80;

    private LogText() {}

    /** A user's name from the users file, or {@code unknown name #<fingerprint>} for a name that matches none. */
    static String name(Users.User known, String typed) {
        if (known != null) {
            return clean(known.name());
        }
        return "unknown name #" + fingerprint(typed);
    }

    /** Control characters (CR, LF, tab, ...) as {@code ?}, cut to {@value #MAX_CHARS} characters. */
    static String clean(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_CHARS + 1));
        for (int i = 0; i < text.length() && sb.length() < MAX_CHARS; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (text.length() > MAX_CHARS) {
            sb.append('…');
        }
        return sb.toString();
    }

    /** The first 8 hex digits of the text's SHA-256: tells attempts apart, gives nothing of the text away. */
    static String fingerprint(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
