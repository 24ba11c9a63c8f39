package io.riskwatch.alert.route;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret (a robot token, an SMTP password, a webhook URL that embeds a token) is found: an environment
 * variable or a file, never the command line or the config file itself. {@link #toString} never shows the value.
 *
 * @param env the name of an environment variable, or null
 * @param file a file holding the secret (surrounding whitespace ignored), or null
 */
public record Secret(String env, String file) implements Serializable {
    public Secret {
        if ((env == null) == (file == null)) {
            throw new IllegalArgumentException("a secret comes from exactly one of an environment variable or a file");
        }
    }

    public static Secret fromEnv(String name) {
        return new Secret(name, null);
    }

    public static Secret fromFile(String path) {
        return new Secret(null, path);
    }

    /** The value, or an {@link IllegalStateException} saying where it was looked for (not what it is). */
    public String resolve(String what) {
        if (env != null) {
            String v = System.getenv(env);
            if (v == null || v.isBlank()) {
                throw new IllegalStateException(what + ": environment variable " + env + " is not set");
            }
            return v.strip();
        }
        try {
            String v = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (v.isEmpty()) {
                throw new IllegalStateException(what + ": secret file " + file + " is empty");
            }
            return v;
        } catch (IOException e) {
            throw new IllegalStateException(what + ": cannot read secret file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return env != null ? "env:" + env : "file:" + file;
    }
}
