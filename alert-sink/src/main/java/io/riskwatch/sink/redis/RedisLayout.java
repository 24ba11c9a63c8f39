package io.riskwatch.sink.redis;

import io.riskwatch.alert.Alert;
import java.io.Serializable;

/**
 * The Redis keys of the contract (section 5) under a configurable prefix (default {@code riskwatch}): the one
 * place key names are spelled, for the sink, the command line and the console.
 */
public record RedisLayout(String prefix) implements Serializable {
    public static final String DEFAULT_PREFIX = "riskwatch";

    public RedisLayout {
        if (prefix == null || prefix.isBlank() || prefix.contains(" ")) {
            throw new IllegalArgumentException("Redis prefix must be a non-empty word, got: '" + prefix + "'");
        }
    }

    /** Stream of every alert once: fields alertId, rule, severity, clientId, json. */
    public String alerts() {
        return prefix + ":alerts";
    }

    /** Hash of one alert: its fields plus status (OPEN, ACKED, CLOSED). */
    public String alert(String alertId) {
        return prefix + ":alert:" + alertId;
    }

    /** Sorted set of open alert ids: higher severity, then newer, ranks first (ZREVRANGE). */
    public String open() {
        return prefix + ":open";
    }

    /** Sorted set of a client's alert ids by event time. */
    public String client(String clientId) {
        return prefix + ":client:" + clientId + ":alerts";
    }

    /** Stream of the BROKER-audience alerts of one broker. */
    public String broker(String brokerId) {
        return prefix + ":broker:" + brokerId + ":alerts";
    }

    /** Stream of every lifecycle change of every alert (who, when, what). */
    public String audit() {
        return prefix + ":audit";
    }

    /** Stream of one alert's lifecycle changes. */
    public String audit(String alertId) {
        return prefix + ":alert:" + alertId + ":audit";
    }

    /**
     * Set of stored alerts whose notification is not settled yet (neither delivered nor recorded as failed):
     * a restarted job notifies them again, so a crash between storing and notifying loses nothing.
     */
    public String notifyPending() {
        return prefix + ":notify:pending";
    }

    /** Stream of alerts whose notification failed for good: alertId, channel, reason, at. */
    public String notifyFailed() {
        return prefix + ":notify:failed";
    }

    /**
     * Hash: the rules version in force ({@code current}, {@code currentSince}, {@code currentSource}) and the
     * last rejected publication ({@code lastRejected}, {@code lastRejectedReason}, {@code lastRejectedSource}).
     */
    public String rulesStatus() {
        return prefix + ":rules:status";
    }

    /** Hash: every publication of the rules topic ({@code topic/partition@offset}) -> its outcome as JSON. */
    public String rulesHistory() {
        return prefix + ":rules:history";
    }

    /**
     * Hash: alerts the route stage held back instead of delivering (cooldown, a runaway rule) -> the alert's JSON
     * plus {@code "suppressed": reason}. Not in the inbox, never notified; kept for review.
     */
    public String heldBack() {
        return prefix + ":heldback";
    }

    /** Sorted set: the ids of {@link #heldBack()} by event time (epoch ms). */
    public String heldBackByTime() {
        return prefix + ":heldback:ts";
    }

    /**
     * String: the id of the client's open case, which the client's next RISK alert joins; none once it is closed (the
     * next alert opens a new case).
     */
    public String clientCase(String clientId) {
        return prefix + ":client:" + clientId + ":case";
    }

    /** Counter of the client's cases: case ids are {@code CASE-<clientId>-<n>}. */
    public String clientCaseCount(String clientId) {
        return prefix + ":client:" + clientId + ":cases";
    }

    /**
     * Hash: the client's situation as the job saw it at the client's latest alert (profile, cash, positions with
     * value and share of total assets), as JSON in {@code json}, with {@code asOfMillis} and {@code alertId}.
     */
    public String clientView(String clientId) {
        return prefix + ":client:" + clientId + ":view";
    }

    /**
     * Hash of one case: clientId, status (OPEN, INVESTIGATING, ESCALATED, CLOSED), severity (the highest of its
     * alerts), assignee, disposition, openedAt, openedAtMillis, updatedAt, closedAt, closedBy, version, alerts.
     */
    public String caseHash(String caseId) {
        return prefix + ":case:" + caseId;
    }

    /** Sorted set of a case's alert ids by event time. */
    public String caseAlerts(String caseId) {
        return prefix + ":case:" + caseId + ":alerts";
    }

    /** Stream of a case's notes: by, at, text. */
    public String caseNotes(String caseId) {
        return prefix + ":case:" + caseId + ":notes";
    }

    /** Stream of every change of a case (who, when, what, from, to), oldest first. */
    public String caseAudit(String caseId) {
        return prefix + ":case:" + caseId + ":audit";
    }

    /** Sorted set of every case id by the time it opened (epoch ms, wall clock). */
    public String cases() {
        return prefix + ":cases";
    }

    /**
     * Hash of one proposed rules file (four eyes): id, state (PENDING, APPROVED, REJECTED), version, file, baseVersion,
     * diff (JSON: the flattened settings that differ from the base), proposedBy, proposedAt, comment, decidedBy,
     * decidedAt, decisionComment, publishedTo, publishedAt.
     */
    public String rulesProposal(String id) {
        return prefix + ":rules:proposal:" + id;
    }

    /** Sorted set of proposal ids by the time they were made. */
    public String rulesProposals() {
        return prefix + ":rules:proposals";
    }

    /** Counter of proposals: ids are {@code P-<n>}. */
    public String rulesProposalCount() {
        return prefix + ":rules:proposals:count";
    }

    /** Hash: the rules version approved last (version, file, since, by, proposalId): proposals are judged by it. */
    public String rulesInForce() {
        return prefix + ":rules:inforce";
    }

    /** Stream of every proposal, approval, rejection and publication without approval: who, when, what. */
    public String rulesAudit() {
        return prefix + ":rules:audit";
    }

    /** Pub/sub channel: every new alert's JSON. */
    public String live() {
        return prefix + ":live";
    }

    /**
     * The open-alerts score: severity first, then event time. Severity ordinal x 10^13 + epoch ms stays exact in
     * a double (< 2^53) until the year 2286.
     */
    public static double openScore(Alert a) {
        return a.severity().ordinal() * 1e13 + a.tsMillis();
    }
}
