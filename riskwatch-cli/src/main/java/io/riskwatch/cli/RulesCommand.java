package io.riskwatch.cli;

import io.riskwatch.config.ConfigException;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.rule.RulesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code riskwatch rules check|propose|approve|reject|list|show|publish}: validate a rules file; change the rules of a
 * running job under four eyes (propose, then someone else approves, which publishes it to the rules topic); publish
 * directly only with {@code --without-approval}, logged and audited.
 */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Checks a rules file; proposes, approves (publishes) or rejects a rule change under four eyes.",
        subcommands = {
            RulesCommand.Check.class,
            RulesGovernance.Propose.class,
            RulesGovernance.Approve.class,
            RulesGovernance.Reject.class,
            RulesGovernance.ListProposals.class,
            RulesGovernance.Show.class,
            RulesCommand.Publish.class
        })
public final class RulesCommand {
    static RulesConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such file");
        }
        try {
            return ConfigLoader.parseRules(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description =
                    "Validates a rules file (schema and values); exit 0 when valid, 2 with every problem when not.",
            footer = {"", "Example:", "  bin/riskwatch rules check config/rules.yaml"})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            RulesConfig c = read(file);
            spec.commandLine().getOut().printf("%s: valid, version %s%n", file, c.version());
            return 0;
        }
    }

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Validates a rules file and publishes it to the rules topic (kafka.topics.rules) WITHOUT approval: "
                        + "only with --without-approval, logged and audited in Redis (<prefix>:rules:audit). "
                        + "The normal way is `rules propose`, then `rules approve` by someone else.",
                "A running live job checks it again, applies it to every rule from its effective time and records "
                        + "the outcome in <prefix>:rules:status in Redis; an invalid file changes nothing."
            },
            footer = {
                "",
                "Examples:",
                "  bin/riskwatch rules publish --without-approval --by ops.oncall --comment 'incident 42'"
                        + " --kafka 127.0.0.1:9092 rules-v2.yaml",
                "  redis-cli HGETALL riskwatch:rules:status"
            })
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(
                names = "--without-approval",
                description = "publish without the four-eyes approval (an emergency): logged and audited")
        boolean withoutApproval;

        @Option(names = "--by", paramLabel = "NAME", description = "who publishes (required)")
        String by;

        @Option(names = "--comment", paramLabel = "TEXT", description = "why it cannot wait for an approval")
        String comment;

        @Mixin
        RulesGovernance.Where where = new RulesGovernance.Where();

        @Mixin
        RulesGovernance.Topic topic = new RulesGovernance.Topic();

        @Override
        public Integer call() throws Exception {
            if (!withoutApproval) {
                throw new IllegalArgumentException("rule changes need four eyes: `rules propose --by NAME " + file
                        + "`, then `rules approve ID` by someone else; to publish anyway add --without-approval --by "
                        + "NAME (logged and audited)");
            }
            if (by == null || by.isBlank()) {
                throw new IllegalArgumentException("--without-approval needs --by NAME (who publishes)");
            }
            RulesConfig rules = read(file);
            where.open().close(); // Redis must take the audit entry: checked before anything is published
            String text = Files.readString(file);
            String publishedTo =
                    topic.publish(rules.version(), text, spec.commandLine().getOut());
            RulesGovernance.auditWithoutApproval(where, by, comment, rules, text, publishedTo);
            return 0;
        }
    }
}
