package io.riskwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may sign in to the console, from a YAML file:
 *
 * <pre>
 * trustedHeader: X-Forwarded-User   # optional: a reverse proxy that signs users in sets this header
 * users:
 *   - name: li.risk
 *     role: RISK
 *     password: pbkdf2-sha256$600000$...   # bin/riskwatch console hash-password
 *   - name: wang.broker
 *     role: BROKER
 *     brokerId: B001
 *     password: pbkdf2-sha256$600000$...
 * </pre>
 *
 * A RISK officer sees and handles every alert; a RISK_ADMIN as well, and approves or rejects rule changes others
 * proposed; a BROKER only the BROKER alerts of their own clients. Mistakes
 * (unknown role, a broker without brokerId, a password that is not a hash, a name twice) fail at start with the
 * file and the user named.
 */
public record Users(Map<String, User> byName, String trustedHeader) {

    public enum Role {
        RISK,
        /** A risk officer who may also approve or reject rule changes others proposed (four eyes). */
        RISK_ADMIN,
        BROKER
    }

    /** One user; {@code passwordHash} is null for users who only come through the trusted proxy header. */
    public record User(String name, Role role, String brokerId, String passwordHash) {
        /** Whether this user may see (and so handle) an alert with these stored fields. */
        /** A risk officer (RISK or RISK_ADMIN): every alert, the cases and the client views. */
        public boolean isRisk() {
            return role == Role.RISK || role == Role.RISK_ADMIN;
        }

        public boolean maySee(Map<String, String> alert) {
            if (isRisk()) {
                return true;
            }
            // brokers get the alerts meant for them about their own clients; RISK-audience alerts
            // (anti-money-laundering
            // findings among them) stay with the risk officers, so that no broker can tip a client off
            return "BROKER".equals(alert.get("audience")) && brokerId.equals(alert.get("brokerId"));
        }
    }

    public User find(String name) {
        return name == null ? null : byName.get(name);
    }

    public static Users load(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the console users file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.path("users").isArray() || root.path("users").isEmpty()) {
            throw new IllegalArgumentException(file + ": no users (expected a list under 'users:')");
        }
        Map<String, User> users = new LinkedHashMap<>();
        String header = root.hasNonNull("trustedHeader")
                ? root.get("trustedHeader").asText().trim()
                : null;
        int i = 0;
        for (JsonNode u : root.get("users")) {
            String where = file + ": users[" + i++ + "]";
            String name = u.path("name").asText("").trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(where + ": no name");
            }
            where = file + ": user " + name;
            Role role;
            try {
                role = Role.valueOf(u.path("role").asText(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": role must be RISK, RISK_ADMIN or BROKER, got '"
                        + u.path("role").asText("") + "'");
            }
            String broker =
                    u.hasNonNull("brokerId") ? u.get("brokerId").asText().trim() : null;
            if (role == Role.BROKER && (broker == null || broker.isEmpty())) {
                throw new IllegalArgumentException(where + ": a BROKER needs a brokerId");
            }
            String password = u.hasNonNull("password") ? u.get("password").asText() : null;
            if (password != null && !PasswordHash.wellFormed(password)) {
                throw new IllegalArgumentException(where + ": password must be a hash (pbkdf2-sha256$...), never the "
                        + "password itself; make one with: bin/riskwatch console hash-password");
            }
            if (password == null && header == null) {
                throw new IllegalArgumentException(where + ": no password, and no trustedHeader to sign in by");
            }
            if (users.put(name, new User(name, role, role == Role.BROKER ? broker : null, password)) != null) {
                throw new IllegalArgumentException(where + ": listed twice");
            }
        }
        return new Users(Map.copyOf(users), header == null || header.isEmpty() ? null : header);
    }
}
