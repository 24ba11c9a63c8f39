package io.riskwatch.cli;

import io.riskwatch.job.ReplayJob;
import io.riskwatch.sink.redis.AlertStats;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.RedisAlertSink;
import io.riskwatch.sink.redis.RedisLayout;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code riskwatch alerts list|show|ack|close}: the alert lifecycle from the command line, on the alerts in
 * Redis. Every change is appended to the audit trail ({@code <prefix>:audit} and per alert).
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Lists, shows, acknowledges and closes alerts stored in Redis; every change is audited.",
        subcommands = {
            AlertsCommand.ListAlerts.class,
            AlertsCommand.Show.class,
            AlertsCommand.Ack.class,
            AlertsCommand.Close.class,
            AlertsCommand.Stats.class
        })
public final class AlertsCommand {

    /** Where the alerts are. */
    static final class Where {
        @Option(
                names = "--redis",
                paramLabel = "URI",
                defaultValue = "redis://127.0.0.1:6379/0",
                description =
                        "Redis with the alerts (default: ${DEFAULT-VALUE}); password from RISKWATCH_REDIS_PASSWORD")
        String redis;

        @Option(
                names = "--redis-prefix",
                paramLabel = "PREFIX",
                defaultValue = RedisLayout.DEFAULT_PREFIX,
                description = "key prefix (default: ${DEFAULT-VALUE})")
        String prefix;

        AlertStore open() {
            RedisAlertSink.builder().uri(redis).prefix(prefix).build(); // same checks
            return new AlertStore(redis, ReplayJob.RedisTarget.PASSWORD_ENV, new RedisLayout(prefix));
        }
    }

    /** What every change names: the alert, who acts, and why. */
    static final class Change {
        @Parameters(paramLabel = "ALERT_ID")
        String alertId;

        @Option(names = "--by", paramLabel = "NAME", required = true, description = "who makes the change")
        String by;

        @Option(names = "--comment", paramLabel = "TEXT")
        String comment;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Alerts, most urgent first.")
    static final class ListAlerts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Option(
                names = "--status",
                paramLabel = "OPEN|ACKED|CLOSED|ANY",
                defaultValue = "OPEN",
                description = "(default: ${DEFAULT-VALUE})")
        String status;

        @Option(names = "--rule", paramLabel = "RULE")
        String rule;

        @Option(names = "--client", paramLabel = "CLIENT")
        String client;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "(default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            if (!List.of("OPEN", "ACKED", "CLOSED", "ANY").contains(status)) {
                throw new IllegalArgumentException("--status must be OPEN, ACKED, CLOSED or ANY, got " + status);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (AlertStore store = where.open()) {
                List<AlertStore.StoredAlert> alerts =
                        store.list(status.equals("ANY") ? null : status, rule, client, limit);
                for (AlertStore.StoredAlert a : alerts) {
                    Map<String, String> f = a.fields();
                    out.printf(
                            "%-8s %-7s %s  %-22s %-10s %s  %s%n",
                            f.get("severity"),
                            f.get("status"),
                            f.get("ts"),
                            f.get("rule"),
                            f.get("clientId"),
                            a.alertId(),
                            f.get("summary"));
                }
                out.printf("%d alert(s)%n", alerts.size());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One alert with its history.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Parameters(paramLabel = "ALERT_ID")
        String alertId;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (AlertStore store = where.open()) {
                AlertStore.StoredAlert a = store.show(alertId);
                if (a == null) {
                    throw new IllegalArgumentException("no alert " + alertId);
                }
                for (String field : List.of(
                        "alertId",
                        "rule",
                        "severity",
                        "status",
                        "audience",
                        "clientId",
                        "brokerId",
                        "symbol",
                        "ts",
                        "summary",
                        "evidence",
                        "metrics",
                        "ruleVersion",
                        "ackedBy",
                        "ackedAt",
                        "closedBy",
                        "closedAt",
                        "outcome",
                        "comment")) {
                    String v = a.fields().get(field);
                    if (v != null && !v.isEmpty()) {
                        out.printf("%-12s %s%n", field, v);
                    }
                }
                for (Map<String, String> h : store.history(alertId)) {
                    out.printf(
                            "history      %s %s by %s: %s -> %s%s%n",
                            h.get("at"),
                            h.get("action"),
                            h.get("by"),
                            h.get("from"),
                            h.get("to"),
                            h.get("comment").isEmpty() ? "" : " (" + h.get("comment") + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an OPEN alert.")
    static final class Ack implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Mixin
        Change change = new Change();

        @Override
        public Integer call() {
            try (AlertStore store = where.open()) {
                String was = store.ack(change.alertId, change.by, change.comment);
                spec.commandLine().getOut().printf("%s: %s -> ACKED by %s%n", change.alertId, was, change.by);
            }
            return 0;
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close an OPEN or ACKED alert.")
    static final class Close implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Mixin
        Change change = new Change();

        @Option(names = "--outcome", paramLabel = "confirmed|false_positive|noted", required = true)
        String outcome;

        @Override
        public Integer call() {
            AlertStore.Outcome o;
            try {
                o = AlertStore.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--outcome must be confirmed, false_positive or noted, got " + outcome);
            }
            try (AlertStore store = where.open()) {
                String was = store.close(change.alertId, change.by, o, change.comment);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "%s: %s -> CLOSED (%s) by %s%n",
                                change.alertId, was, o.name().toLowerCase(Locale.ROOT), change.by);
            }
            return 0;
        }
    }

    @Command(
            name = "stats",
            mixinStandardHelpOptions = true,
            description = "Rule quality from the recorded outcomes: per rule, rule version and week, alerts raised, "
                    + "closed as confirmed (reported counts as confirmed), as false positive, as noted, still open, "
                    + "and precision = confirmed / (confirmed + false positive).")
    static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Option(names = "--since", paramLabel = "DATE", description = "only alerts on or after this day (2026-11-16)")
        String since;

        @Option(names = "--rule", paramLabel = "RULE")
        String rule;

        @Override
        public Integer call() {
            if (since != null) {
                try {
                    LocalDate.parse(since);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--since must be a date like 2026-11-16, got " + since);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            try (AlertStore store = where.open()) {
                List<Map<String, String>> alerts = store.list(null, rule, null, Integer.MAX_VALUE).stream()
                        .map(AlertStore.StoredAlert::fields)
                        .toList();
                List<AlertStats.Row> rows = AlertStats.of(alerts, since, rule);
                out.printf(
                        "%-22s %-24s %-8s %7s %9s %9s %6s %5s %9s%n",
                        "rule",
                        "rule version",
                        "week",
                        "raised",
                        "confirmed",
                        "false pos",
                        "noted",
                        "open",
                        "precision");
                for (AlertStats.Row r : rows) {
                    out.printf(
                            "%-22s %-24s %-8s %7d %9d %9d %6d %5d %9s%n",
                            r.rule(),
                            r.ruleVersion(),
                            r.week(),
                            r.raised(),
                            r.confirmed(),
                            r.falsePositive(),
                            r.noted(),
                            r.open(),
                            r.precision() == null ? "-" : r.precision().toPlainString());
                }
                out.printf(
                        "%d row(s), %d alert(s)%n",
                        rows.size(),
                        rows.stream().mapToLong(AlertStats.Row::raised).sum());
            }
            return 0;
        }
    }
}
