package io.riskwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.riskwatch.console.ConsoleServer.HttpError;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.CaseStore;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's case work and client view (issue 24), for risk officers only: a BROKER is refused every case, case
 * report and client view with 403, logged (no tipping off).
 *
 * <ul>
 *   <li>{@code GET /api/cases?status=ACTIVE&client=}: cases, newest first, with age and overdue;
 *   <li>{@code GET /api/cases/ID}: one case with its alerts, notes and audit trail;
 *   <li>{@code POST /api/cases/ID/assign|move|close|note}: a change, made against the {@code version} the officer
 *       saw; 409 when the case changed since (nothing is written) or the move is not allowed;
 *   <li>{@code GET /api/clients/ID}: the client view (profile and book at the latest alert), the client's alerts
 *       with their status, its cases;
 *   <li>{@code GET /cases/ID/report}: the case report page ({@link CaseReport}).
 * </ul>
 */
final class CaseApi {
    private static final Logger LOG = LoggerFactory.getLogger(CaseApi.class);
    private static final ObjectMapper JSON = AlertInbox.JSON;

    private final CaseStore cases;
    private final AlertStore alerts;

    CaseApi(CaseStore cases, AlertStore alerts) {
        this.cases = cases;
        this.alerts = alerts;
    }

    /** Whether this request is one of the case or client paths (then it has been answered). */
    boolean handle(HttpExchange ex, Users.User user, String path, String method) throws IOException {
        if (path.equals("/api/cases") || path.startsWith("/api/cases/")) {
            requireRisk(user, path);
            if (path.equals("/api/cases")) {
                list(ex, method);
            } else {
                one(ex, user, path.substring("/api/cases/".length()), method);
            }
            return true;
        }
        if (path.startsWith("/api/clients/")) {
            requireRisk(user, path);
            client(ex, method, ConsoleServer.decode(path.substring("/api/clients/".length())));
            return true;
        }
        if (path.startsWith("/cases/") && path.endsWith("/report")) {
            requireRisk(user, path);
            report(
                    ex,
                    method,
                    ConsoleServer.decode(path.substring("/cases/".length(), path.length() - "/report".length())));
            return true;
        }
        return false;
    }

    private static void requireRisk(Users.User user, String path) {
        ConsoleServer.requireRisk(user, path, "cases and client views are");
    }

    private void list(HttpExchange ex, String method) throws IOException {
        if (!method.equals("GET")) {
            throw new HttpError(405, "list cases with GET");
        }
        Map<String, String> q = ConsoleServer.query(ex);
        String status = q.getOrDefault("status", "ACTIVE");
        if (!List.of("ACTIVE", "OPEN", "INVESTIGATING", "ESCALATED", "CLOSED", "ALL")
                .contains(status)) {
            throw new HttpError(
                    400, "status must be ACTIVE, OPEN, INVESTIGATING, ESCALATED, CLOSED or ALL, got " + status);
        }
        int limit = Math.min(1000, Math.max(1, ConsoleServer.intParam(q, "limit", 200)));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode rows = body.putArray("cases");
        cases.list(status.equals("ALL") ? null : status, ConsoleServer.blank(q.get("client")), limit)
                .forEach(c -> rows.add(header(c)));
        ConsoleServer.json(ex, 200, body);
    }

    private void one(HttpExchange ex, Users.User user, String rest, String method) throws IOException {
        String[] parts = rest.split("/");
        String id = ConsoleServer.decode(parts[0]);
        if (parts.length == 1 && method.equals("GET")) {
            CaseStore.CaseDetail c = cases.show(id);
            if (c == null) {
                throw new HttpError(404, "no case " + id);
            }
            ConsoleServer.json(ex, 200, detail(c));
            return;
        }
        if (parts.length != 2 || !method.equals("POST")) {
            throw new HttpError(404, "no API " + method + " /api/cases/" + rest);
        }
        ConsoleServer.requireJson(ex);
        JsonNode in = ConsoleServer.body(ex);
        String version = ConsoleServer.blank(in.path("version").asText(""));
        String comment = in.path("comment").asText("").trim();
        String newVersion;
        try {
            newVersion = switch (parts[1]) {
                case "assign" ->
                    cases.assign(
                            id,
                            ConsoleServer.blank(in.path("assignee").asText("")) == null
                                    ? user.name()
                                    : in.path("assignee").asText().trim(),
                            user.name(),
                            version,
                            comment);
                case "move" -> cases.move(id, in.path("to").asText(""), user.name(), version, comment);
                case "close" -> {
                    CaseStore.Disposition d;
                    try {
                        d = CaseStore.Disposition.parse(in.path("disposition").asText(""));
                    } catch (IllegalArgumentException e) {
                        throw new HttpError(400, e.getMessage());
                    }
                    yield cases.close(id, d, user.name(), version, comment);
                }
                case "note" ->
                    cases.note(id, user.name(), in.path("text").asText("").trim());
                default -> throw new HttpError(404, "no action " + parts[1]);
            };
        } catch (CaseStore.NotFoundException e) {
            throw new HttpError(404, e.getMessage());
        } catch (CaseStore.ConflictException e) {
            LOG.info("console: {} {} case {} refused: {}", LogText.clean(user.name()), parts[1], id, e.getMessage());
            throw new HttpError(409, e.getMessage());
        } catch (AlertStore.RefusedException e) {
            throw new HttpError(409, e.getMessage());
        }
        LOG.info("console: {} {} case {} (now version {})", LogText.clean(user.name()), parts[1], id, newVersion);
        ConsoleServer.json(ex, 200, detail(cases.show(id)));
    }

    private void client(HttpExchange ex, String method, String clientId) throws IOException {
        if (!method.equals("GET")) {
            throw new HttpError(405, "read a client with GET");
        }
        ObjectNode body = JSON.createObjectNode().put("clientId", clientId);
        Map<String, String> view = cases.clientView(clientId);
        if (!view.isEmpty()) {
            body.set("view", AlertInbox.parse(view.get("json")));
            body.put("viewAsOf", view.get("asOf")).put("viewAlertId", view.get("alertId"));
        }
        body.put("openCase", cases.openCaseOf(clientId));
        ArrayNode timeline = body.putArray("alerts");
        List<AlertStore.StoredAlert> all = alerts.list(null, null, clientId, 1000);
        for (int i = all.size() - 1; i >= 0; i--) { // oldest first
            Map<String, String> f = all.get(i).fields();
            ObjectNode a = timeline.addObject();
            for (String k : List.of(
                    "alertId", "ts", "severity", "rule", "audience", "status", "outcome", "summary", "caseId")) {
                if (f.get(k) != null) {
                    a.put(k, f.get(k));
                }
            }
        }
        ArrayNode list = body.putArray("cases");
        cases.casesOf(clientId).forEach(c -> list.add(header(c)));
        if (view.isEmpty() && all.isEmpty()) {
            throw new HttpError(404, "no alerts for client " + clientId);
        }
        ConsoleServer.json(ex, 200, body);
    }

    private void report(HttpExchange ex, String method, String caseId) throws IOException {
        if (!method.equals("GET")) {
            throw new HttpError(405, "read a report with GET");
        }
        CaseStore.CaseDetail c = cases.show(caseId);
        if (c == null) {
            throw new HttpError(404, "no case " + caseId);
        }
        ConsoleServer.selfContainedPage(
                ex, CaseReport.html(c, cases.clientView(c.header().fields().get("clientId")), Instant.now()));
    }

    private static ObjectNode header(CaseStore.StoredCase c) {
        ObjectNode n = JSON.createObjectNode();
        c.fields().forEach(n::put);
        n.put("ageMillis", c.age().toMillis()).put("overdue", c.overdue());
        return n;
    }

    private static ObjectNode detail(CaseStore.CaseDetail c) {
        ObjectNode n = header(c.header());
        ArrayNode as = n.putArray("alerts");
        c.alerts().forEach(a -> as.add(AlertInbox.view(a.fields())));
        ArrayNode notes = n.putArray("notes");
        c.notes().forEach(x -> notes.add(JSON.valueToTree(x)));
        ArrayNode audit = n.putArray("audit");
        c.audit().forEach(x -> audit.add(JSON.valueToTree(x)));
        return n;
    }
}
