package io.riskwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.cli.backtest.BacktestCommand;
import io.riskwatch.cli.backtest.BacktestComparison;
import io.riskwatch.config.ConfigException;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.config.KafkaSettings;
import io.riskwatch.console.Users;
import io.riskwatch.control.RulesPublisher;
import io.riskwatch.control.RulesTopic;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.rule.RulesConfig;
import io.riskwatch.sink.redis.AlertStore;
import io.riskwatch.sink.redis.ProposalStore;
import io.riskwatch.sink.redis.RedisAlertSink;
import io.riskwatch.sink.redis.RedisLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code riskwatch rules propose|approve|reject|list|show}: rule changes under four eyes (issue 25). A proposal is
 * a validated rules file stored in Redis with its settings diff against the version in force; a RISK_ADMIN other
 * than the proposer approves it, which publishes it to the rules topic, or rejects it. Self-approval, a proposal
 * made against a version no longer in force and unknown ids are refused with one line and exit 2.
 */
final class RulesGovernance {
    private static final Logger LOG = LoggerFactory.getLogger(RulesGovernance.class);

    private RulesGovernance() {}

    /** Where proposals are kept. */
    static final class Where {
        @Mixin
        AlertsCommand.Where redis = new AlertsCommand.Where();

        ProposalStore open() {
            RedisAlertSink.builder().uri(redis.redis).prefix(redis.prefix).build(); // same checks
            return new ProposalStore(redis.redis, ReplayJob.RedisTarget.PASSWORD_ENV, new RedisLayout(redis.prefix));
        }
    }

    /** Where an approved version goes: the rules topic of the job's settings. */
    static final class Topic {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "job settings naming the Kafka servers, topic and client properties (default: embedded)")
        Path config;

        @Option(
                names = "--kafka",
                paramLabel = "BOOTSTRAP",
                description = "Kafka bootstrap servers (overrides the config)")
        String kafka;

        @Option(
                names = "--effective-from",
                paramLabel = "TIME",
                description = "event time from which the version applies, ISO-8601 with offset (default: now)")
        String effectiveFrom;

        /** Publishes the file; returns where it landed ({@code topic/partition@offset}). */
        String publish(String version, String text, PrintWriter out) throws Exception {
            JobSettings settings = ConfigLoader.load(config, null);
            KafkaSettings k = settings.kafka();
            if (k.rulesTopic() == null) {
                throw new ConfigException("kafka.topics.rules is empty in the config: live rule changes are off");
            }
            Instant effective;
            try {
                effective = effectiveFrom == null ? null : RulesTopic.parseInstant(effectiveFrom);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--effective-from '" + effectiveFrom
                        + "' is not an ISO-8601 time with offset, e.g. 2026-11-23T09:30:00+08:00");
            }
            RecordMetadata m = RulesPublisher.publish(
                    kafka != null ? kafka : k.bootstrapServers(),
                    k.properties(),
                    k.rulesTopic(),
                    version,
                    text,
                    effective);
            out.printf(
                    "published version %s to %s/%d@%d, in force from %s%n",
                    version,
                    m.topic(),
                    m.partition(),
                    m.offset(),
                    effective == null ? Instant.ofEpochMilli(m.timestamp()) : effective);
            return m.topic() + "/" + m.partition() + "@" + m.offset();
        }
    }

    /** Who decides: a user of the console's users file with the approving role. */
    static final class Decider {
        @Option(names = "--by", paramLabel = "NAME", required = true, description = "who decides")
        String by;

        @Option(
                names = "--users",
                paramLabel = "FILE",
                required = true,
                description = "the console's users file: the decider must be listed there as RISK_ADMIN")
        Path users;

        void check(String verb) {
            Users.User u = Users.load(users).find(by);
            if (u == null || u.role() != Users.Role.RISK_ADMIN) {
                throw new IllegalArgumentException(by + " may not " + verb + " rule changes ("
                        + (u == null ? "not in " + users : "role " + u.role()) + "; a RISK_ADMIN does)");
            }
        }
    }

    @Command(
            name = "propose",
            mixinStandardHelpOptions = true,
            description = "Validates a rules file and stores it as a pending proposal, with its settings diff against "
                    + "the version in force; prints its id.",
            footer = {"", "Example:", "  bin/riskwatch rules propose --by li.risk --comment 'HNW 3M' rules-v2.yaml"})
    static final class Propose implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--by", paramLabel = "NAME", required = true, description = "who proposes")
        String by;

        @Option(names = "--comment", paramLabel = "TEXT", description = "why")
        String comment;

        @Option(
                names = "--backtest",
                paramLabel = "INPUT",
                arity = "1..*",
                description = "JSON Lines files or folders to backtest the version in force against this file on; "
                        + "the report is attached to the proposal for the reviewer")
        List<String> backtest;

        @Option(
                names = "--backtest-kafka",
                paramLabel = "BOOTSTRAP",
                description = "instead of files: backtest on a time range of the Kafka input topics of this cluster")
        String backtestKafka;

        @Option(
                names = "--backtest-config",
                paramLabel = "FILE",
                description = "the job settings the backtest runs with (topics, time bounds; default: embedded)")
        Path backtestConfig;

        @Option(
                names = "--backtest-start",
                paramLabel = "TIME",
                description = "with --backtest-kafka: from the first record at or after TIME (default: the earliest)")
        String backtestStart;

        @Option(
                names = "--backtest-end",
                paramLabel = "TIME",
                description = "with --backtest-kafka: up to, not including, TIME (default: what the topics hold)")
        String backtestEnd;

        @Option(
                names = "--in-force",
                paramLabel = "FILE",
                defaultValue = "config/rules.yaml",
                description = "the rules file the job runs, until a first proposal is approved (default: "
                        + "${DEFAULT-VALUE})")
        Path inForceFile;

        @Override
        public Integer call() throws IOException {
            RulesConfig proposed = RulesCommand.read(file);
            String text = Files.readString(file);
            PrintWriter out = spec.commandLine().getOut();
            try (ProposalStore store = where.open()) {
                Map<String, String> inForce = store.inForce();
                String baseVersion;
                String baseText;
                if (!inForce.isEmpty()) {
                    baseVersion = inForce.get("version");
                    baseText = inForce.get("file");
                } else {
                    RulesConfig base = RulesCommand.read(inForceFile);
                    baseVersion = base.version();
                    baseText = Files.readString(inForceFile);
                    String job = store.jobVersion();
                    if (job != null && !job.equals(baseVersion)) {
                        throw new IllegalArgumentException("the job runs version " + job + " but " + inForceFile
                                + " is version " + baseVersion + ": give the file in force with --in-force FILE");
                    }
                }
                if (proposed.version().equals(baseVersion)) {
                    throw new IllegalArgumentException(
                            file + " has the version in force (" + baseVersion + "): bump `version` for the change");
                }
                List<BacktestComparison.ThresholdChange> changes = BacktestComparison.thresholdChanges(baseText, text);
                ArrayNode diff = AlertJson.mapper().createArrayNode();
                changes.forEach(c -> diff.addObject()
                        .put("path", c.path())
                        .put("from", c.baseline())
                        .put("to", c.candidate()));
                if (backtest != null && backtestKafka != null) {
                    throw new IllegalArgumentException("give --backtest FILES or --backtest-kafka BOOTSTRAP, not both");
                }
                if (backtestKafka == null && (backtestStart != null || backtestEnd != null)) {
                    throw new IllegalArgumentException("--backtest-start and --backtest-end need --backtest-kafka");
                }
                String[] report = backtest == null && backtestKafka == null ? new String[2] : backtest(baseText, out);
                String id = store.propose(
                        by, comment, proposed.version(), text, baseVersion, diff.toString(), report[0], report[1]);
                out.printf(
                        "%s: version %s proposed by %s against %s, %d setting(s) changed%n",
                        id, proposed.version(), by, baseVersion, changes.size());
                changes.forEach(c -> out.printf("  %s: %s -> %s%n", c.path(), dash(c.baseline()), dash(c.candidate())));
                if (report[0] != null) {
                    out.printf(
                            "  backtest report attached (%s)%n",
                            backtest != null ? String.join(" ", backtest) : "Kafka " + backtestKafka);
                }
            }
            return 0;
        }

        /** The existing backtest, version in force vs this file, on the inputs: its report (Markdown, HTML). */
        private String[] backtest(String baseText, PrintWriter out) throws IOException {
            Path work = Files.createTempDirectory("riskwatch-proposal-");
            try {
                Path base = work.resolve("in-force.yaml");
                Files.writeString(base, baseText);
                List<String> args = new ArrayList<>(List.of(
                        "--baseline",
                        base.toString(),
                        "--candidate",
                        file.toString(),
                        "--out",
                        work.resolve("report").toString(),
                        "--quiet"));
                if (backtestConfig != null) {
                    args.addAll(List.of("--config", backtestConfig.toString()));
                }
                if (backtestKafka != null) {
                    args.addAll(List.of("--from-kafka", backtestKafka));
                    if (backtestStart != null) {
                        args.addAll(List.of("--start", backtestStart));
                    }
                    if (backtestEnd != null) {
                        args.addAll(List.of("--end", backtestEnd));
                    }
                } else {
                    args.addAll(backtest);
                }
                StringWriter err = new StringWriter();
                int code = new CommandLine(new BacktestCommand())
                        .setOut(out)
                        .setErr(new PrintWriter(err, true))
                        .execute(args.toArray(String[]::new));
                if (code != 0) {
                    throw new IllegalArgumentException("the backtest failed (exit " + code + "), nothing proposed: "
                            + err.toString().strip());
                }
                // the reviewer reads "the version in force", not a temporary file's name
                String temp = base.toString();
                return new String[] {
                    Files.readString(work.resolve("report/report.md")).replace(temp, "the version in force"),
                    Files.readString(work.resolve("report/report.html")).replace(temp, "the version in force")
                };
            } finally {
                try (var files = Files.walk(work)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Approves a pending proposal (not one's own; RISK_ADMIN only) and publishes it to the rules "
                    + "topic; refused when another version came into force since it was proposed.",
            footer = {
                "",
                "Example:",
                "  bin/riskwatch rules approve P-3 --by wang.admin --users /etc/riskwatch/console-users.yaml"
                        + " --kafka 127.0.0.1:9092"
            })
    static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Mixin
        Topic topic = new Topic();

        @Mixin
        Decider decider = new Decider();

        @Parameters(paramLabel = "PROPOSAL_ID")
        String id;

        @Option(names = "--comment", paramLabel = "TEXT")
        String comment;

        @Override
        public Integer call() throws Exception {
            decider.check("approve");
            PrintWriter out = spec.commandLine().getOut();
            try (ProposalStore store = where.open()) {
                ProposalStore.Proposal p =
                        store.approveAndPublish(id, decider.by, comment, (v, file) -> topic.publish(v, file, out));
                out.printf("%s: version %s approved by %s%n", id, p.fields().get("version"), decider.by);
            }
            return 0;
        }
    }

    @Command(
            name = "reject",
            mixinStandardHelpOptions = true,
            description = "Rejects a pending proposal (not one's own; RISK_ADMIN only), saying why.")
    static final class Reject implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Mixin
        Decider decider = new Decider();

        @Parameters(paramLabel = "PROPOSAL_ID")
        String id;

        @Option(names = "--comment", paramLabel = "TEXT", required = true, description = "why")
        String comment;

        @Override
        public Integer call() {
            decider.check("reject");
            try (ProposalStore store = where.open()) {
                store.reject(id, decider.by, comment);
                spec.commandLine().getOut().printf("%s: rejected by %s (%s)%n", id, decider.by, comment);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Proposals, newest first.")
    static final class ListProposals implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Option(
                names = "--state",
                paramLabel = "PENDING|APPROVED|REJECTED|ANY",
                defaultValue = "ANY",
                description = "(default: ${DEFAULT-VALUE})")
        String state;

        @Override
        public Integer call() {
            if (!List.of("PENDING", "APPROVED", "REJECTED", "ANY").contains(state)) {
                throw new IllegalArgumentException("--state must be PENDING, APPROVED, REJECTED or ANY, got " + state);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (ProposalStore store = where.open()) {
                Map<String, String> inForce = store.inForce();
                out.printf(
                        "in force: %s%n",
                        inForce.isEmpty()
                                ? "(no approval yet; the job reports " + dash(store.jobVersion()) + ")"
                                : inForce.get("version") + " since " + inForce.get("since") + " ("
                                        + dash(inForce.get("proposalId")) + ")");
                List<ProposalStore.Proposal> ps = store.list(state.equals("ANY") ? null : state, 1000);
                for (ProposalStore.Proposal p : ps) {
                    Map<String, String> f = p.fields();
                    out.printf(
                            "%-6s %-9s %-24s against %-24s by %-12s %s%s%n",
                            p.id(),
                            p.state(),
                            f.get("version"),
                            f.get("baseVersion"),
                            f.get("proposedBy"),
                            f.get("proposedAt"),
                            f.get("decidedBy") == null ? "" : "  decided by " + f.get("decidedBy"));
                }
                out.printf("%d proposal(s)%n", ps.size());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One proposal with its settings diff.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where = new Where();

        @Parameters(paramLabel = "PROPOSAL_ID")
        String id;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (ProposalStore store = where.open()) {
                ProposalStore.Proposal p = store.show(id);
                if (p == null) {
                    throw new IllegalArgumentException("no proposal " + id);
                }
                p.header().forEach((field, v) -> out.printf("%-16s %s%n", field, v));
                // the report's summary: what ran and how many alerts each version raised
                p.backtestSummary().forEach(l -> out.printf("backtest         %s%n", l));
                for (var c : AlertJson.mapper().readTree(p.fields().get("diff"))) {
                    out.printf(
                            "changed          %s: %s -> %s%n",
                            c.path("path").asText(),
                            dash(c.path("from").asText(null)),
                            dash(c.path("to").asText(null)));
                }
            }
            return 0;
        }
    }

    /** For {@code rules publish --without-approval}: logs and audits the publication. */
    static void auditWithoutApproval(
            Where where, String by, String comment, RulesConfig rules, String text, String publishedTo) {
        LOG.warn("rules version {} published WITHOUT approval by {} to {}", rules.version(), by, publishedTo);
        try (ProposalStore store = where.open()) {
            store.publishedWithoutApproval(by, comment, rules.version(), text, publishedTo);
        } catch (AlertStore.RefusedException e) {
            throw new IllegalStateException("published, but the audit entry failed: " + e.getMessage());
        }
    }

    static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
