package io.riskwatch.config;

/** A configuration file that cannot be used; the message names the file, the path and what was expected. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
