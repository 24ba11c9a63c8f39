package io.riskwatch.sink.redis;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule changes under four eyes (issue 25): a proposed rules file waits, PENDING, with its settings diff against the
 * version in force; someone other than its proposer approves it (then it is published) or rejects it. A proposal
 * made against a version that is no longer in force cannot be approved. Every step is one Lua script that appends
 * to {@link RedisLayout#rulesAudit()}; who may approve (the role) is checked by the caller, which knows the users.
 */
public final class ProposalStore implements AutoCloseable {
    /** One proposal hash, as stored. */
    public record Proposal(String id, Map<String, String> fields) {
        /** The fields a reviewer is shown, in this order (the file, the diff and the reports apart). */
        public static final List<String> HEADER = List.of(
                "id",
                "state",
                "version",
                "baseVersion",
                "proposedBy",
                "proposedAt",
                "comment",
                "decidedBy",
                "decidedAt",
                "decisionComment",
                "publishedTo",
                "publishedAt");

        public String state() {
            return fields.get("state");
        }

        /** The {@link #HEADER} fields that are set, in that order. */
        public Map<String, String> header() {
            Map<String, String> h = new LinkedHashMap<>();
            for (String k : HEADER) {
                String v = fields.get(k);
                if (v != null && !v.isEmpty()) {
                    h.put(k, v);
                }
            }
            return h;
        }

        /** The attached backtest report as a self-contained HTML page, or null when none is attached. */
        public String backtestHtml() {
            String html = fields.get("backtestHtml");
            return html == null || html.isEmpty() ? null : html;
        }

        /** The attached backtest report's summary (what ran, the alerts of each version); empty without one. */
        public List<String> backtestSummary() {
            String report = fields.get("backtest");
            return report == null
                    ? List.of()
                    : report.lines()
                            .filter(l -> l.startsWith("- "))
                            .map(l -> l.substring(2))
                            .toList();
        }
    }

    /** Where an approved version goes (the rules topic): publishes it and says where it landed. */
    @FunctionalInterface
    public interface Publisher {
        String publish(String version, String file) throws Exception;
    }

    /** Approved, yet not published: the publication failed; the same approver may approve again to retry it. */
    public static final class NotPublishedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotPublishedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String SCRIPT = RedisScripts.withClock("redis/proposal.lua");

    private final RedisLayout layout;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    public ProposalStore(String uri, String passwordEnv, RedisLayout layout) {
        this.layout = layout;
        RedisConnections.Handle handle = RedisConnections.open(uri, passwordEnv, Duration.ofSeconds(10));
        client = handle.client();
        connection = handle.connection();
        redis = connection.sync();
    }

    /** The version proposals are judged against: the last approved one (version, file, since, by), else empty. */
    public Map<String, String> inForce() {
        return redis.hgetall(layout.rulesInForce());
    }

    /** The version the running job reports in force ({@code rules:status current}), or null. */
    public String jobVersion() {
        return redis.hget(layout.rulesStatus(), "current");
    }

    /**
     * Stores a PENDING proposal.
     *
     * @param backtest the backtest report of the version in force against this file (Markdown, HTML), or nulls
     * @return its id ({@code P-<n>})
     */
    public String propose(
            String by,
            String comment,
            String version,
            String file,
            String baseVersion,
            String diff,
            String backtest,
            String backtestHtml) {
        return run("propose", by, "", comment, version, file, baseVersion, diff, backtest, backtestHtml);
    }

    /** PENDING -> APPROVED, by someone other than the proposer, while its base version is still in force. */
    public String approve(String id, String by, String comment) {
        return run("approve", by, id, comment);
    }

    /**
     * Approves a proposal and publishes it. When {@code by} approved it already and its publication failed, only
     * the publication is tried again. Refusals (self-approval, stale, unknown, decided) throw
     * {@link AlertStore.RefusedException} with nothing published; a failed publication throws
     * {@link NotPublishedException} with the proposal left APPROVED.
     *
     * @return the proposal as stored afterwards, {@code publishedTo} set
     */
    public Proposal approveAndPublish(String id, String by, String comment, Publisher publisher) {
        Proposal p = show(id);
        boolean retry = p != null
                && "APPROVED".equals(p.state())
                && by.equals(p.fields().get("decidedBy"))
                && p.fields().getOrDefault("publishedTo", "").isEmpty();
        if (!retry) {
            approve(id, by, comment);
            p = show(id);
        }
        String where;
        try {
            where = publisher.publish(p.fields().get("version"), p.fields().get("file"));
        } catch (Exception e) {
            throw new NotPublishedException(
                    id + " is approved but could not be published (" + e.getMessage()
                            + "): approve it again to publish it",
                    e);
        }
        published(id, by, where);
        return show(id);
    }

    /** PENDING -> REJECTED, by someone other than the proposer. */
    public String reject(String id, String by, String comment) {
        return run("reject", by, id, comment);
    }

    /** Records where an approved proposal was published. */
    public void published(String id, String by, String where) {
        run("published", by, id, "", where);
    }

    /** Records a publication made without approval (the operator chose {@code --without-approval}). */
    public void publishedWithoutApproval(String by, String comment, String version, String file, String where) {
        run("direct", by, "", comment, where, version, file);
    }

    /** Proposals, newest first; {@code state} null for any. */
    public List<Proposal> list(String state, int limit) {
        List<Proposal> out = new ArrayList<>();
        for (String id : redis.zrevrange(layout.rulesProposals(), 0, -1)) {
            if (out.size() >= limit) {
                break;
            }
            Proposal p = show(id);
            if (p != null && (state == null || state.equals(p.state()))) {
                out.add(p);
            }
        }
        return out;
    }

    /** One proposal, or null. */
    public Proposal show(String id) {
        Map<String, String> f = redis.hgetall(layout.rulesProposal(id));
        return f.isEmpty() ? null : new Proposal(id, f);
    }

    /** The rules audit trail, oldest first. */
    public List<Map<String, String>> audit() {
        return redis.xrange(layout.rulesAudit(), Range.create("-", "+")).stream()
                .map(StreamMessage::getBody)
                .toList();
    }

    private String run(String action, String by, String id, String comment, String... more) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("say who acts: --by NAME");
        }
        String[] keys = {
            layout.rulesProposalCount(),
            layout.rulesProposals(),
            layout.rulesInForce(),
            layout.rulesAudit(),
            layout.rulesStatus()
        };
        String[] args = new String[5 + more.length];
        args[0] = action;
        args[1] = by;
        args[2] = layout.prefix();
        args[3] = id;
        args[4] = comment == null ? "" : comment;
        for (int i = 0; i < more.length; i++) {
            args[5 + i] = more[i] == null ? "" : more[i];
        }
        try {
            return redis.eval(SCRIPT, ScriptOutputType.VALUE, keys, args);
        } catch (RedisCommandExecutionException e) {
            String message = e.getMessage() == null ? "refused" : e.getMessage().replaceFirst("^ERR ", "");
            if (message.startsWith("NOTFOUND ")) {
                throw new AlertStore.RefusedException(message.substring(9));
            }
            throw new AlertStore.RefusedException(message.replaceFirst("^REFUSED ", ""));
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
