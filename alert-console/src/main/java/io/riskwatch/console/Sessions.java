package io.riskwatch.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Signed-in users by an unguessable session token (256 random bits), each valid for a fixed time. */
final class Sessions {
    private record Session(String user, long expiresAtMillis) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    Sessions(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    String open(String user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        sessions.values().removeIf(s -> s.expiresAtMillis() <= now);
        sessions.put(token, new Session(user, now + ttl.toMillis()));
        return token;
    }

    /** The user of a live session, or null. */
    String user(String token) {
        Session s = token == null ? null : sessions.get(token);
        if (s == null) {
            return null;
        }
        if (s.expiresAtMillis() <= clock.millis()) {
            sessions.remove(token);
            return null;
        }
        return s.user();
    }

    void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    Duration ttl() {
        return ttl;
    }
}
