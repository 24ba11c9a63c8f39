package io.riskwatch.alert;

/**
 * Masks sensitive client data before it goes into an alert, a notifier message or a log line: only the last
 * four characters stay visible, as on a bank statement.
 */
public final class Masking {
    private Masking() {}

    /** {@code 6222020200112233445} becomes {@code ****3445}; four characters or fewer become {@code ****}. */
    public static String lastFour(String value) {
        if (value == null) {
            return null;
        }
        String compact = value.replaceAll("\\s", "");
        return compact.length() <= 4 ? "****" : "****" + compact.substring(compact.length() - 4);
    }
}
