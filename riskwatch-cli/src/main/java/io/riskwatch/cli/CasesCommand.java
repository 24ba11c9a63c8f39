package io.riskwatch.cli;

import io.riskwatch.console.CaseReport;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.sink.redis.CaseSla;
import io.riskwatch.sink.redis.CaseStore;
import io.riskwatch.sink.redis.RedisAlertSink;
import io.riskwatch.sink.redis.RedisLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * {@code riskwatch cases list|show|assign|move|close|note|report}: the cases in Redis, the verbs the console has.
 * Every change is audited in the case's trail; a change made against a version that is no longer current is
 * refused (exit 2) and changes nothing.
 */
@Command(
        name = "cases",
        mixinStandardHelpOptions = true,
        description = "Lists, shows, assigns, moves, notes, closes and reports cases stored in Redis; every change "
                + "is audited.",
        subcommands = {
            CasesCommand.ListCases.class,
            CasesCommand.Show.class,
            CasesCommand.Assign.class,
            CasesCommand.Move.class,
            CasesCommand.Close.class,
            CasesCommand.Note.class,
            CasesCommand.Report.class
        })
public final class CasesCommand {

    /** Where the cases are, and how long each severity may stay open. */
    static final class Where {
        @Mixin
        AlertsCommand.Where redis = new AlertsCommand.Where();

        @Option(
                names = "--sla",
                paramLabel = "SEVERITY=DURATION",
                description = "how long a case of that severity may stay open before it is overdue; repeatable "
                        + "(defaults CRITICAL=4h, HIGH=24h, MEDIUM=72h, LOW=168h)")
        List<String> sla = new ArrayList<>();

        CaseStore open() {
            RedisAlertSink.builder().uri(redis.redis).prefix(redis.prefix).build(); // same checks
            return new CaseStore(
                    redis.redis, ReplayJob.RedisTarget.PASSWORD_ENV, new RedisLayout(redis.prefix), CaseSla.of(sla));
        }
    }

    /** What every change names: the case, who acts, the version they saw, and why. */
    static final class Change {
        @Parameters(paramLabel = "CASE_ID")
        String caseId;

        @Option(names = "--by", paramLabel = "NAME", required = true, description = "who makes the change")
        String by;

        @Option(
                names = "--version",
                paramLabel = "N",
                description = "the case version you looked at (from `cases show`): refused if it changed since")
        String version;

        @Option(names = "--comment", paramLabel = "TEXT")
        String comment;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Cases, newest first.")
    static final class ListCases implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Option(
                names = "--status",
                paramLabel = "ACTIVE|OPEN|INVESTIGATING|ESCALATED|CLOSED|ANY",
                defaultValue = "ACTIVE",
                description = "(default: ${DEFAULT-VALUE}: any but CLOSED)")
        String status;

        @Option(names = "--client", paramLabel = "CLIENT")
        String client;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "(default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            if (!List.of("ACTIVE", "OPEN", "INVESTIGATING", "ESCALATED", "CLOSED", "ANY")
                    .contains(status)) {
                throw new IllegalArgumentException(
                        "--status must be ACTIVE, OPEN, INVESTIGATING, ESCALATED, CLOSED or ANY, got " + status);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (CaseStore store = where.open()) {
                List<CaseStore.StoredCase> cases = store.list(status.equals("ANY") ? null : status, client, limit);
                for (CaseStore.StoredCase c : cases) {
                    Map<String, String> f = c.fields();
                    out.printf(
                            "%-22s %-13s %-8s %-10s %3s alert(s)  assignee %-10s age %s%s%n",
                            c.caseId(),
                            f.get("status"),
                            f.get("severity"),
                            f.get("clientId"),
                            f.get("alerts"),
                            f.get("assignee").isEmpty() ? "-" : f.get("assignee"),
                            age(c.age()),
                            c.overdue() ? "  OVERDUE" : "");
                }
                out.printf("%d case(s)%n", cases.size());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One case: alerts, notes, audit.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Parameters(paramLabel = "CASE_ID")
        String caseId;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CaseStore store = where.open()) {
                CaseStore.CaseDetail c = found(store.show(caseId), caseId);
                Map<String, String> f = c.header().fields();
                for (String field : List.of(
                        "caseId",
                        "clientId",
                        "status",
                        "severity",
                        "assignee",
                        "disposition",
                        "openedAt",
                        "closedAt",
                        "closedBy",
                        "version")) {
                    String v = f.get(field);
                    if (v != null && !v.isEmpty()) {
                        out.printf("%-12s %s%n", field, v);
                    }
                }
                out.printf(
                        "%-12s %s%s%n", "age", age(c.header().age()), c.header().overdue() ? " (OVERDUE)" : "");
                for (var a : c.alerts()) {
                    out.printf(
                            "alert        %s %-8s %-22s %-7s %s  %s%n",
                            a.fields().get("ts"),
                            a.fields().get("severity"),
                            a.fields().get("rule"),
                            a.status(),
                            a.alertId(),
                            a.fields().get("summary"));
                }
                for (Map<String, String> n : c.notes()) {
                    out.printf("note         %s %s: %s%n", n.get("at"), n.get("by"), n.get("text"));
                }
                for (Map<String, String> e : c.audit()) {
                    out.printf(
                            "audit        %s %s by %s%s%s%n",
                            e.get("at"),
                            e.get("action"),
                            e.get("by"),
                            e.get("to") == null || e.get("to").equals(e.get("from"))
                                    ? ""
                                    : ": " + (e.get("from").isEmpty() ? "" : e.get("from") + " -> ") + e.get("to"),
                            e.get("comment") == null || e.get("comment").isEmpty()
                                    ? ""
                                    : " (" + e.get("comment") + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "assign", mixinStandardHelpOptions = true, description = "Assign a case to an officer.")
    static final class Assign implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Mixin
        Change change = new Change();

        @Option(names = "--to", paramLabel = "NAME", required = true, description = "the officer who works it")
        String to;

        @Override
        public Integer call() {
            try (CaseStore store = where.open()) {
                String v = store.assign(change.caseId, to, change.by, change.version, change.comment);
                spec.commandLine()
                        .getOut()
                        .printf("%s: assigned to %s by %s (version %s)%n", change.caseId, to, change.by, v);
            }
            return 0;
        }
    }

    @Command(
            name = "move",
            mixinStandardHelpOptions = true,
            description = "Move a case to INVESTIGATING or ESCALATED (close it with `cases close`).")
    static final class Move implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Mixin
        Change change = new Change();

        @Option(names = "--to", paramLabel = "INVESTIGATING|ESCALATED", required = true)
        String to;

        @Override
        public Integer call() {
            try (CaseStore store = where.open()) {
                String v = store.move(change.caseId, to, change.by, change.version, change.comment);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "%s: -> %s by %s (version %s)%n",
                                change.caseId, to.toUpperCase(Locale.ROOT), change.by, v);
            }
            return 0;
        }
    }

    @Command(
            name = "close",
            mixinStandardHelpOptions = true,
            description = "Close a case with a disposition; its alerts close with the same outcome.")
    static final class Close implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Mixin
        Change change = new Change();

        @Option(names = "--disposition", paramLabel = "confirmed|false_positive|noted|reported", required = true)
        String disposition;

        @Override
        public Integer call() {
            CaseStore.Disposition d = CaseStore.Disposition.parse(disposition);
            try (CaseStore store = where.open()) {
                String v = store.close(change.caseId, d, change.by, change.version, change.comment);
                spec.commandLine()
                        .getOut()
                        .printf("%s: -> CLOSED (%s) by %s (version %s)%n", change.caseId, d.text(), change.by, v);
            }
            return 0;
        }
    }

    @Command(name = "note", mixinStandardHelpOptions = true, description = "Add a note to a case.")
    static final class Note implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Parameters(index = "0", paramLabel = "CASE_ID")
        String caseId;

        @Parameters(index = "1", paramLabel = "TEXT")
        String text;

        @Option(names = "--by", paramLabel = "NAME", required = true, description = "who writes it")
        String by;

        @Override
        public Integer call() {
            try (CaseStore store = where.open()) {
                String v = store.note(caseId, by, text);
                spec.commandLine().getOut().printf("%s: note by %s (version %s)%n", caseId, by, v);
            }
            return 0;
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description = "Write one case as a self-contained HTML page (print it to PDF from a browser).")
    static final class Report implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Parameters(paramLabel = "CASE_ID")
        String caseId;

        @Option(names = "--out", paramLabel = "FILE", required = true)
        Path out;

        @Override
        public Integer call() throws IOException {
            try (CaseStore store = where.open()) {
                CaseStore.CaseDetail c = found(store.show(caseId), caseId);
                String html =
                        CaseReport.html(c, store.clientView(c.header().fields().get("clientId")), Instant.now());
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                Files.writeString(out, html, StandardCharsets.UTF_8);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "%s: report %s (%d alert(s))%n",
                                caseId, out, c.alerts().size());
            }
            return 0;
        }
    }

    private static CaseStore.CaseDetail found(CaseStore.CaseDetail c, String caseId) {
        if (c == null) {
            throw new IllegalArgumentException("no case " + caseId);
        }
        return c;
    }

    static String age(Duration d) {
        long h = d.toHours();
        return h >= 48 ? d.toDays() + "d" + (h % 24) + "h" : h + "h" + d.toMinutesPart() + "m";
    }
}
