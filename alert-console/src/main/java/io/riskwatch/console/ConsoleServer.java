package io.riskwatch.console;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.CaseSla;
import io.riskwatch.sink.redis.CaseStore;
import io.riskwatch.sink.redis.ProposalStore;
import io.riskwatch.sink.redis.RedisConnections;
import io.riskwatch.sink.redis.RedisLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert console: a small web app over the alerts in Redis for risk officers and brokers, served by the JDK's
 * HTTP server. Pages: {@code /login}, {@code /} (inbox, detail, live alerts). API (JSON; POSTs must be
 * {@code application/json}, which a cross-site form cannot send, and the session cookie is SameSite=Strict):
 *
 * <ul>
 *   <li>{@code POST /api/login {name, password}}, {@code POST /api/logout}, {@code GET /api/me}</li>
 *   <li>{@code GET /api/alerts?status=ACTIVE|OPEN|ACKED|CLOSED|ALL&rule=&client=&broker=&severity=&limit=}: the inbox,
 *       with {@code cursor}, where the live stream of what follows starts</li>
 *   <li>{@code GET /api/alerts/ID}: one alert with its audit trail; {@code POST /api/alerts/ID/ack {comment}},
 *       {@code POST /api/alerts/ID/close {outcome, comment}}: the lifecycle of the CLI's {@code alerts} command,
 *       in the same audit trail, by the signed-in user</li>
 *   <li>cases and the client view ({@link CaseApi}), rule governance and rule quality ({@link RulesApi})</li>
 *   <li>{@code GET /api/stream?from=CURSOR}: server-sent events, {@code alert} for a new alert and {@code change}
 *       for a lifecycle change, each with the cursor as its id, so a reconnecting browser resumes where it was</li>
 * </ul>
 *
 * Every answer is cut to what the user may see: a request for an alert a BROKER may not see is refused with 403.
 * A request for another host name than the console's ({@code Host} not in {@link Settings#allowedHosts()}) is refused
 * with 421 before anything else, so a page on another site that resolves its own name to this console (DNS
 * rebinding) gets nothing, with or without a trusted header. Sign-in is throttled per name and per address
 * ({@link SignInThrottle}) and its password hashing runs on a small pool of its own; live streams end at sign-out
 * and are capped per session and in total.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    static final String COOKIE = "rw_session";
    private static final ObjectMapper JSON = AlertInbox.JSON;
    private static final int MAX_BODY = 16 * 1024;

    /** Where to listen and what to read. */
    public record Settings(
            String bindAddress,
            int port,
            String redisUri,
            String redisPasswordEnv,
            String redisPrefix,
            Users users,
            Duration sessionTtl,
            boolean secureCookie,
            List<String> allowedHosts,
            CaseSla caseSla,
            ProposalStore.Publisher rulesPublisher) {
        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0-65535, got " + port);
            }
            allowedHosts = List.copyOf(allowedHosts);
            caseSla = caseSla == null ? CaseSla.defaults() : caseSla;
        }

        /** The same settings, approved rule changes published by {@code publisher}. */
        public Settings withRulesPublisher(ProposalStore.Publisher publisher) {
            return new Settings(
                    bindAddress,
                    port,
                    redisUri,
                    redisPasswordEnv,
                    redisPrefix,
                    users,
                    sessionTtl,
                    secureCookie,
                    allowedHosts,
                    caseSla,
                    publisher);
        }

        /**
         * Settings answering only for this machine's loopback names (and the bind address, when it is one), with
         * the default case SLA, publishing no rule changes.
         */
        public Settings(
                String bindAddress,
                int port,
                String redisUri,
                String redisPasswordEnv,
                String redisPrefix,
                Users users,
                Duration sessionTtl,
                boolean secureCookie) {
            this(
                    bindAddress,
                    port,
                    redisUri,
                    redisPasswordEnv,
                    redisPrefix,
                    users,
                    sessionTtl,
                    secureCookie,
                    List.of(),
                    null,
                    null);
        }

        /**
         * The host names (without port, lower case) requests may name in {@code Host}: {@code localhost},
         * {@code 127.0.0.1}, {@code [::1]}, the bind address unless it is a wildcard, and those given ({@code
         * --allowed-host}, e.g. the name a reverse proxy forwards).
         */
        Set<String> hostNames() {
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
            if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("::") && !bindAddress.equals("[::]")) {
                names.add(
                        bindAddress.contains(":") && !bindAddress.startsWith("[")
                                ? "[" + bindAddress.toLowerCase(Locale.ROOT) + "]"
                                : bindAddress.toLowerCase(Locale.ROOT));
            }
            allowedHosts.forEach(h -> names.add(h.trim().toLowerCase(Locale.ROOT)));
            return names;
        }
    }

    /** Sign-ins whose password is being checked at once; more wait in a short queue, beyond it: 503. */
    static final int HASHING_THREADS =
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    static final int HASHING_QUEUE = 32;
    /** Sign-ins from one address being checked at once; more get 429 (one flooding address cannot take the pool). */
    static final int IN_FLIGHT_PER_ADDRESS = 2;

    private final Settings settings;
    private final HttpServer http;
    private final ExecutorService threads;
    private final AlertInbox inbox;
    private final AlertStore store;
    private final CaseStore cases;
    private final CaseApi caseApi;
    private final ProposalStore proposals;
    private final RulesApi rulesApi;
    private final Sessions sessions;
    private final LiveStream live;
    private final Set<String> hostNames;
    private final Set<String> foreignHostsLogged = ConcurrentHashMap.newKeySet();
    private final SignInThrottle throttle = new SignInThrottle(Clock.systemUTC());
    private final ThreadPoolExecutor hashing;
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    private ConsoleServer(Settings settings) throws IOException {
        this.settings = settings;
        this.hostNames = settings.hostNames();
        AtomicInteger h = new AtomicInteger();
        this.hashing = new ThreadPoolExecutor(
                HASHING_THREADS,
                HASHING_THREADS,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(HASHING_QUEUE),
                r -> {
                    Thread t = new Thread(r, "console-sign-in-" + h.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        RedisLayout layout = new RedisLayout(settings.redisPrefix());
        this.inbox = new AlertInbox(settings.redisUri(), settings.redisPasswordEnv(), layout);
        this.store = new AlertStore(settings.redisUri(), settings.redisPasswordEnv(), layout);
        this.cases = new CaseStore(settings.redisUri(), settings.redisPasswordEnv(), layout, settings.caseSla());
        this.caseApi = new CaseApi(cases, store);
        this.proposals = new ProposalStore(settings.redisUri(), settings.redisPasswordEnv(), layout);
        this.rulesApi = new RulesApi(proposals, store, settings.rulesPublisher());
        this.sessions = new Sessions(settings.sessionTtl(), Clock.systemUTC());
        this.live = new LiveStream(inbox);
        try {
            this.http = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 64);
        } catch (BindException e) {
            proposals.close();
            cases.close();
            store.close();
            inbox.close();
            throw new IllegalArgumentException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
                    + " (" + e.getMessage() + "): choose another with --port");
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "console-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        http.createContext("/", this::handle);
    }

    /** Starts serving; fails with a clear message when Redis cannot be reached or the port is taken. */
    public static ConsoleServer start(Settings settings) throws IOException {
        ConsoleServer s = new ConsoleServer(settings);
        s.http.start();
        LOG.info(
                "console: serving {} ({} user(s){}, hosts {}, Redis {} prefix {})",
                s.url(),
                settings.users().byName().size(),
                settings.users().trustedHeader() == null
                        ? ""
                        : ", trusted header " + settings.users().trustedHeader(),
                String.join(",", s.hostNames),
                RedisConnections.where(settings.redisUri()),
                settings.redisPrefix());
        return s;
    }

    public URI url() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (HttpError e) {
            json(ex, e.status, error(e.getMessage()));
        } catch (IOException e) {
            // the browser went away mid-answer
            LOG.debug(
                    "console: {} {}: {}",
                    ex.getRequestMethod(),
                    LogText.clean(ex.getRequestURI().getRawPath()),
                    e.toString());
        } catch (RuntimeException e) {
            LOG.error(
                    "console: {} {} failed",
                    ex.getRequestMethod(),
                    LogText.clean(ex.getRequestURI().getRawPath()),
                    e);
            json(ex, 500, error("internal error: " + e.getClass().getSimpleName()));
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        securityHeaders(ex);
        checkHost(ex);
        switch (path) {
            case "/app.js" -> resource(ex, "console/app.js", "text/javascript; charset=utf-8");
            case "/app.css" -> resource(ex, "console/app.css", "text/css; charset=utf-8");
            case "/login.js" -> resource(ex, "console/login.js", "text/javascript; charset=utf-8");
            case "/login" -> resource(ex, "console/login.html", "text/html; charset=utf-8");
            case "/api/login" -> login(ex);
            case "/" -> {
                if (user(ex) == null) {
                    ex.getResponseHeaders().set("Location", "/login");
                    ex.sendResponseHeaders(302, -1);
                } else {
                    resource(ex, "console/index.html", "text/html; charset=utf-8");
                }
            }
            default -> {
                if (path.startsWith("/cases/") || path.startsWith("/rules/")) {
                    Users.User user = user(ex);
                    if (user == null) {
                        ex.getResponseHeaders().set("Location", "/login");
                        ex.sendResponseHeaders(302, -1);
                    } else if (!caseApi.handle(ex, user, path, method) && !rulesApi.handle(ex, user, path, method)) {
                        throw new HttpError(404, "no page " + path);
                    }
                    return;
                }
                if (!path.startsWith("/api/")) {
                    throw new HttpError(404, "no page " + path);
                }
                Users.User user = user(ex);
                if (user == null) {
                    throw new HttpError(401, "sign in first");
                }
                api(ex, user, path, method);
            }
        }
    }

    private void api(HttpExchange ex, Users.User user, String path, String method) throws IOException {
        if (path.equals("/api/logout") && method.equals("POST")) {
            requireJson(ex);
            String token = cookie(ex);
            sessions.close(token);
            int ended = live.endSession(token);
            if (ended > 0) {
                LOG.info("console: {} signed out; {} live stream(s) closed", LogText.clean(user.name()), ended);
            }
            ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
            json(ex, 200, JSON.createObjectNode().put("signedOut", user.name()));
        } else if (path.equals("/api/me")) {
            ObjectNode me = JSON.createObjectNode()
                    .put("name", user.name())
                    .put("role", user.role().name());
            me.put("brokerId", user.brokerId());
            json(ex, 200, me);
        } else if (path.equals("/api/alerts") && method.equals("GET")) {
            Map<String, String> q = query(ex);
            String status = q.getOrDefault("status", "ACTIVE");
            if (!List.of("ACTIVE", "OPEN", "ACKED", "CLOSED", "ALL").contains(status)) {
                throw new HttpError(400, "status must be ACTIVE, OPEN, ACKED, CLOSED or ALL, got " + status);
            }
            int limit = Math.min(1000, Math.max(1, intParam(q, "limit", 200)));
            // the cursor is taken before the list, so nothing written in between is missed by the live stream
            AlertInbox.Cursor cursor = inbox.head();
            List<Map<String, String>> alerts = inbox.list(
                    user,
                    new AlertInbox.Query(
                            status,
                            blank(q.get("rule")),
                            blank(q.get("client")),
                            blank(q.get("broker")),
                            blank(q.get("severity")),
                            blank(q.get("group")),
                            limit));
            ObjectNode body = JSON.createObjectNode().put("cursor", cursor.eventId());
            ArrayNode rows = body.putArray("alerts");
            alerts.forEach(a -> rows.add(AlertInbox.view(a)));
            json(ex, 200, body);
        } else if (path.equals("/api/stream") && method.equals("GET")) {
            AlertInbox.Cursor from =
                    AlertInbox.Cursor.parse(ex.getRequestHeaders().getFirst("Last-Event-ID"));
            if (from == null) {
                from = AlertInbox.Cursor.parse(query(ex).get("from"));
            }
            String token = cookie(ex);
            boolean bySession = token != null && sessions.user(token) != null;
            // a user signed in by the trusted header has no session: their streams are counted by name
            String streamKey = bySession ? "session:" + token : "user:" + user.name();
            live.serve(
                    ex,
                    user,
                    from == null ? inbox.head() : from,
                    streamKey,
                    () -> !bySession || sessions.user(token) != null);
        } else if (path.startsWith("/api/alerts/")) {
            alert(ex, user, path.substring("/api/alerts/".length()), method);
        } else if (caseApi.handle(ex, user, path, method) || rulesApi.handle(ex, user, path, method)) {
            return; // answered
        } else {
            throw new HttpError(404, "no API " + method + " " + path);
        }
    }

    private void alert(HttpExchange ex, Users.User user, String rest, String method) throws IOException {
        String[] parts = rest.split("/");
        String id = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        Map<String, String> a = inbox.get(id);
        if (a == null) {
            throw new HttpError(404, "no alert " + id);
        }
        if (!user.maySee(a)) {
            LOG.warn("console: {} ({}) refused access to alert {}", user.name(), user.role(), id);
            throw new HttpError(403, "alert " + id + " is not one of yours");
        }
        if (parts.length == 1 && method.equals("GET")) {
            ObjectNode body = AlertInbox.view(a);
            ArrayNode history = body.putArray("history");
            inbox.history(id).forEach(h -> history.add(JSON.valueToTree(h)));
            json(ex, 200, body);
            return;
        }
        if (parts.length != 2 || !method.equals("POST")) {
            throw new HttpError(404, "no API " + method + " /api/alerts/" + rest);
        }
        requireJson(ex);
        JsonNode in = body(ex);
        String comment = in.path("comment").asText("").trim();
        String previous;
        try {
            switch (parts[1]) {
                case "ack" -> previous = store.ack(id, user.name(), comment);
                case "close" -> {
                    AlertStore.Outcome outcome;
                    try {
                        outcome = AlertStore.Outcome.valueOf(in.path("outcome").asText(""));
                    } catch (IllegalArgumentException e) {
                        throw new HttpError(400, "outcome must be CONFIRMED, FALSE_POSITIVE or NOTED");
                    }
                    previous = store.close(id, user.name(), outcome, comment);
                }
                default -> throw new HttpError(404, "no action " + parts[1]);
            }
        } catch (AlertStore.RefusedException e) {
            throw new HttpError(409, e.getMessage());
        }
        LOG.info("console: {} {} alert {} (was {})", user.name(), parts[1], id, previous);
        ObjectNode body = AlertInbox.view(inbox.get(id));
        body.put("previousStatus", previous);
        json(ex, 200, body);
    }

    private void login(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            throw new HttpError(405, "sign in with POST");
        }
        requireJson(ex);
        JsonNode in = body(ex);
        String name = in.path("name").asText("");
        String address = ex.getRemoteAddress().getAddress().getHostAddress();
        Users.User u = settings.users().find(name);
        long wait = throttle.waitMillis(name, address);
        if (wait > 0) {
            long seconds = (wait + 999) / 1000;
            LOG.debug("console: sign-in for {} from {} held back {} s", LogText.name(u, name), address, seconds);
            ex.getResponseHeaders().set("Retry-After", Long.toString(seconds));
            throw new HttpError(429, "too many failed sign-ins: try again in " + seconds + " s");
        }
        if (inFlight.merge(address, 1, Integer::sum) > IN_FLIGHT_PER_ADDRESS) {
            inFlight.computeIfPresent(address, (k, n) -> n > 1 ? n - 1 : null);
            ex.getResponseHeaders().set("Retry-After", "1");
            throw new HttpError(429, "too many sign-ins at once from this address: try again in a second");
        }
        char[] password = in.path("password").asText("").toCharArray();
        boolean matches;
        try {
            matches = checkPassword(ex, password, u);
        } finally {
            Arrays.fill(password, '\0');
            inFlight.computeIfPresent(address, (k, n) -> n > 1 ? n - 1 : null);
        }
        boolean ok = matches && u != null && u.passwordHash() != null;
        if (!ok) {
            throttle.failed(name, address);
            LOG.warn("console: sign-in refused for {} from {}", LogText.name(u, name), address);
            throw new HttpError(401, "wrong name or password");
        }
        throttle.succeeded(name);
        String token = sessions.open(u.name());
        ex.getResponseHeaders()
                .add(
                        "Set-Cookie",
                        COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                                + sessions.ttl().toSeconds() + (settings.secureCookie() ? "; Secure" : ""));
        LOG.info("console: {} ({}) signed in", LogText.name(u, name), u.role());
        json(
                ex,
                200,
                JSON.createObjectNode()
                        .put("name", u.name())
                        .put("role", u.role().name()));
    }

    /** The password checked on the hashing pool; 503 when it is full. */
    private boolean checkPassword(HttpExchange ex, char[] password, Users.User u) {
        String stored = u != null && u.passwordHash() != null ? u.passwordHash() : DUMMY_HASH;
        Future<Boolean> check;
        try {
            // a hash is checked even for unknown names, so the time taken does not tell which names exist
            check = hashing.submit(() -> PasswordHash.matches(password, stored));
        } catch (RejectedExecutionException e) {
            ex.getResponseHeaders().set("Retry-After", "1");
            throw new HttpError(503, "the console is busy signing others in: try again in a second");
        }
        try {
            return check.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "the console is stopping");
        }
    }

    /**
     * Refuses a request naming a host the console does not answer for (421), before it is signed in by cookie or
     * trusted header. Each foreign host is logged once (at most 100 of them).
     */
    private void checkHost(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        String name = hostName(host);
        if (name != null && hostNames.contains(name)) {
            return;
        }
        if (foreignHostsLogged.size() < 100 && foreignHostsLogged.add(String.valueOf(name))) {
            LOG.warn(
                    "console: refused a request for host {} (answers for {}; add it with --allowed-host)",
                    LogText.clean(String.valueOf(host)),
                    String.join(",", hostNames));
        }
        throw new HttpError(421, "this console does not answer for that host name");
    }

    /** The host part of a Host header, lower case, without the port; null when absent or malformed. */
    static String hostName(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? null : h.substring(0, close + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static final String DUMMY_HASH = PasswordHash.hash("not a password".toCharArray(), 600_000);

    /** The signed-in user: by the trusted proxy header when configured and present, else by session cookie. */
    private Users.User user(HttpExchange ex) {
        String header = settings.users().trustedHeader();
        if (header != null) {
            String name = ex.getRequestHeaders().getFirst(header);
            if (name != null && !name.isBlank()) {
                Users.User u = settings.users().find(name.trim());
                if (u == null) {
                    throw new HttpError(403, "'" + name.trim() + "' is not a console user");
                }
                return u;
            }
        }
        return settings.users().find(sessions.user(cookie(ex)));
    }

    private static String cookie(HttpExchange ex) {
        for (String line : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String c : line.split(";")) {
                String[] kv = c.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(COOKIE)) {
                    return kv[1];
                }
            }
        }
        return null;
    }

    /** A path segment as sent, percent-decoded (an id in {@code /api/cases/ID}, {@code /api/rules/proposals/ID}). */
    static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    /** Risk officers only (RISK, RISK_ADMIN): anyone else gets 403, logged ({@code what} names what is refused). */
    static void requireRisk(Users.User user, String path, String what) {
        if (!user.isRisk()) {
            LOG.warn("console: {} ({}) refused {}", LogText.clean(user.name()), user.role(), LogText.clean(path));
            throw new HttpError(403, what + " for risk officers");
        }
    }

    /**
     * Answers with a self-contained page (a case report, a backtest report): its own style, no script at all,
     * under a CSP that allows nothing else.
     */
    static void selfContainedPage(HttpExchange ex, String html) throws IOException {
        byte[] page = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, page.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(page);
        }
    }

    static void requireJson(HttpExchange ex) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "send application/json");
        }
    }

    static JsonNode body(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new HttpError(413, "request body over " + MAX_BODY + " bytes");
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            return n == null ? JSON.createObjectNode() : n;
        } catch (JacksonException e) {
            throw new HttpError(400, "not JSON: " + e.getOriginalMessage());
        }
    }

    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String p : raw.split("&")) {
                String[] kv = p.split("=", 2);
                q.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    static int intParam(Map<String, String> q, String name, int dflt) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, name + " must be a number, got " + v);
        }
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void securityHeaders(HttpExchange ex) {
        var h = ex.getResponseHeaders();
        h.set(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                        + "base-uri 'none'; form-action 'self'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
    }

    private static void resource(HttpExchange ex, String name, String type) throws IOException {
        try (InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new HttpError(404, "missing " + name);
            }
            byte[] bytes = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    /** An answer other than 200, with the reason the browser shows. */
    static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Stops serving: live streams end, then the server and the Redis connections close. */
    @Override
    public void close() {
        live.close();
        http.stop(0);
        threads.shutdownNow();
        hashing.shutdownNow();
        store.close();
        cases.close();
        proposals.close();
        inbox.close();
        LOG.info("console: stopped");
    }
}
