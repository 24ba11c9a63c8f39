package io.riskwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.riskwatch.console.ConsoleServer.HttpError;
import io.riskwatch.sink.redis.AlertStats;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.ProposalStore;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's rule governance (issue 25): risk officers read the proposed rule changes and the rules' measured
 * quality; only a RISK_ADMIN other than the proposer approves (which publishes the version to the rules topic) or
 * rejects. A BROKER is refused all of it, a RISK officer every decision: 403, logged.
 *
 * <ul>
 *   <li>{@code GET /api/rules/proposals?state=PENDING|APPROVED|REJECTED|ANY}: the version in force and the
 *       proposals, newest first, each with its settings diff; {@code canDecide} and {@code canPublish} tell the page
 *       which buttons to show;
 *   <li>{@code GET /api/rules/proposals/ID}: one proposal with its file;
 *   <li>{@code POST /api/rules/proposals/ID/approve {comment}}, {@code .../reject {comment}}: the decision, by the
 *       signed-in user, through the same Lua script as the CLI's; 409 when refused (own proposal, stale, decided);
 *   <li>{@code GET /rules/proposals/ID/backtest}: the backtest report attached to the proposal;
 *   <li>{@code GET /api/rules/stats?since=&rule=}: per rule, rule version and week: raised, confirmed, false
 *       positive, noted, open, precision ({@link AlertStats}).
 * </ul>
 */
final class RulesApi {
    private static final Logger LOG = LoggerFactory.getLogger(RulesApi.class);
    private static final ObjectMapper JSON = AlertInbox.JSON;
    private final ProposalStore proposals;
    private final AlertStore alerts;
    private final ProposalStore.Publisher publisher;

    /** @param publisher where approved versions go; null: this console cannot approve (it has no rules topic) */
    RulesApi(ProposalStore proposals, AlertStore alerts, ProposalStore.Publisher publisher) {
        this.proposals = proposals;
        this.alerts = alerts;
        this.publisher = publisher;
    }

    /** Whether this request is one of the rules paths (then it has been answered). */
    boolean handle(HttpExchange ex, Users.User user, String path, String method) throws IOException {
        if (path.equals("/api/rules/stats")) {
            requireRisk(user, path);
            stats(ex, method);
            return true;
        }
        if (path.equals("/api/rules/proposals")) {
            requireRisk(user, path);
            list(ex, user, method);
            return true;
        }
        if (path.startsWith("/api/rules/proposals/")) {
            requireRisk(user, path);
            one(ex, user, path.substring("/api/rules/proposals/".length()), method);
            return true;
        }
        if (path.startsWith("/rules/proposals/") && path.endsWith("/backtest")) {
            requireRisk(user, path);
            backtest(
                    ex,
                    method,
                    ConsoleServer.decode(
                            path.substring("/rules/proposals/".length(), path.length() - "/backtest".length())));
            return true;
        }
        return false;
    }

    private static void requireRisk(Users.User user, String path) {
        ConsoleServer.requireRisk(user, path, "rule governance is");
    }

    private void list(HttpExchange ex, Users.User user, String method) throws IOException {
        if (!method.equals("GET")) {
            throw new HttpError(405, "list proposals with GET");
        }
        String state = ConsoleServer.query(ex).getOrDefault("state", "ANY");
        if (!List.of("PENDING", "APPROVED", "REJECTED", "ANY").contains(state)) {
            throw new HttpError(400, "state must be PENDING, APPROVED, REJECTED or ANY, got " + state);
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode inForce = body.putObject("inForce");
        proposals.inForce().forEach((k, v) -> {
            if (!k.equals("file")) {
                inForce.put(k, v);
            }
        });
        body.put("jobVersion", proposals.jobVersion());
        decisionFlags(body, user);
        ArrayNode rows = body.putArray("proposals");
        proposals.list(state.equals("ANY") ? null : state, 200).forEach(p -> rows.add(view(p, false)));
        ConsoleServer.json(ex, 200, body);
    }

    private void one(HttpExchange ex, Users.User user, String rest, String method) throws IOException {
        String[] parts = rest.split("/");
        String id = ConsoleServer.decode(parts[0]);
        if (parts.length == 1 && method.equals("GET")) {
            ProposalStore.Proposal p = proposals.show(id);
            if (p == null) {
                throw new HttpError(404, "no proposal " + id);
            }
            ConsoleServer.json(ex, 200, decisionFlags(view(p, true), user));
            return;
        }
        if (parts.length != 2
                || !method.equals("POST")
                || !List.of("approve", "reject").contains(parts[1])) {
            throw new HttpError(404, "no API " + method + " /api/rules/proposals/" + rest);
        }
        if (user.role() != Users.Role.RISK_ADMIN) {
            LOG.warn(
                    "console: {} ({}) refused {} of proposal {}",
                    LogText.clean(user.name()),
                    user.role(),
                    parts[1],
                    LogText.clean(id));
            throw new HttpError(403, "only a RISK_ADMIN approves or rejects rule changes");
        }
        ConsoleServer.requireJson(ex);
        JsonNode in = ConsoleServer.body(ex);
        String comment = in.path("comment").asText("").trim();
        ProposalStore.Proposal p;
        try {
            if (parts[1].equals("reject")) {
                if (comment.isEmpty()) {
                    throw new HttpError(400, "say why it is rejected (comment)");
                }
                proposals.reject(id, user.name(), comment);
                p = proposals.show(id);
            } else {
                if (publisher == null) {
                    throw new HttpError(
                            503,
                            "this console does not publish rule changes (started without the rules topic): "
                                    + "approve with bin/riskwatch rules approve, or start the console with --kafka");
                }
                p = proposals.approveAndPublish(id, user.name(), comment, publisher);
            }
        } catch (AlertStore.RefusedException e) {
            LOG.info(
                    "console: {} {} proposal {} refused: {}",
                    LogText.clean(user.name()),
                    parts[1],
                    LogText.clean(id),
                    e.getMessage());
            throw new HttpError(e.getMessage().startsWith("no proposal") ? 404 : 409, e.getMessage());
        } catch (ProposalStore.NotPublishedException e) {
            LOG.warn("console: {}", e.getMessage());
            throw new HttpError(502, e.getMessage());
        }
        LOG.info(
                "console: {} {} proposal {} (version {}{})",
                LogText.clean(user.name()),
                parts[1],
                id,
                p.fields().get("version"),
                parts[1].equals("approve") ? ", published to " + p.fields().get("publishedTo") : "");
        ConsoleServer.json(ex, 200, view(p, true));
    }

    private void backtest(HttpExchange ex, String method, String id) throws IOException {
        if (!method.equals("GET")) {
            throw new HttpError(405, "read a report with GET");
        }
        ProposalStore.Proposal p = proposals.show(id);
        String html = p == null ? null : p.backtestHtml();
        if (html == null) {
            throw new HttpError(404, p == null ? "no proposal " + id : id + " has no backtest attached");
        }
        ConsoleServer.selfContainedPage(ex, html);
    }

    private void stats(HttpExchange ex, String method) throws IOException {
        if (!method.equals("GET")) {
            throw new HttpError(405, "read rule quality with GET");
        }
        Map<String, String> q = ConsoleServer.query(ex);
        String since = ConsoleServer.blank(q.get("since"));
        if (since != null) {
            try {
                LocalDate.parse(since);
            } catch (DateTimeParseException e) {
                throw new HttpError(400, "since must be a date like 2026-11-16, got " + since);
            }
        }
        String rule = ConsoleServer.blank(q.get("rule"));
        List<Map<String, String>> all = alerts.list(null, rule, null, Integer.MAX_VALUE).stream()
                .map(AlertStore.StoredAlert::fields)
                .toList();
        ObjectNode body = JSON.createObjectNode();
        ArrayNode rows = body.putArray("rows");
        for (AlertStats.Row r : AlertStats.of(all, since, rule)) {
            ObjectNode n = rows.addObject()
                    .put("rule", r.rule())
                    .put("ruleVersion", r.ruleVersion())
                    .put("week", r.week())
                    .put("raised", r.raised())
                    .put("confirmed", r.confirmed())
                    .put("falsePositive", r.falsePositive())
                    .put("noted", r.noted())
                    .put("open", r.open());
            n.put("precision", r.precision() == null ? null : r.precision().toPlainString());
        }
        ConsoleServer.json(ex, 200, body);
    }

    /** Tells the page which buttons to show: decisions are a RISK_ADMIN's, approvals need a rules topic. */
    private ObjectNode decisionFlags(ObjectNode n, Users.User user) {
        return n.put("canDecide", user.role() == Users.Role.RISK_ADMIN).put("canPublish", publisher != null);
    }

    /** A proposal for the page: its header fields, the diff as JSON, whether a report is attached (and the file). */
    private static ObjectNode view(ProposalStore.Proposal p, boolean withFile) {
        Map<String, String> f = p.fields();
        ObjectNode n = JSON.createObjectNode().put("id", p.id());
        p.header().forEach(n::put);
        n.set("diff", AlertInbox.parse(f.getOrDefault("diff", "[]")));
        n.put("hasBacktest", p.backtestHtml() != null);
        if (withFile) {
            n.put("file", f.get("file"));
            ArrayNode summary = n.putArray("backtestSummary");
            p.backtestSummary().forEach(summary::add);
        }
        return n;
    }
}
