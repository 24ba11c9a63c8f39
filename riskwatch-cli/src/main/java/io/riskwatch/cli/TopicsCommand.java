package io.riskwatch.cli;

import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.KafkaSettings;
import io.riskwatch.source.kafka.KafkaTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskwatch topics create}: the Kafka topics a live job reads and writes, created when missing. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Creates the Kafka topics of the live job.",
        subcommands = {TopicsCommand.Create.class})
public final class TopicsCommand {

    /**
     * The topics of {@code kafka.topics}, with their partitions: the rules topic has one, to keep versions in
     * order.
     */
    static Map<String, Integer> layout(KafkaSettings k, int partitions) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String input : k.inputTopics()) {
            topics.put(input, partitions);
        }
        topics.put(k.deadLetterTopic(), partitions);
        topics.put(k.alertsTopic(), partitions);
        if (k.rulesTopic() != null) {
            topics.put(k.rulesTopic(), 1);
        }
        return topics;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Creates every topic of kafka.topics that does not exist yet (the alerts topic too, so it can be "
                        + "switched on later; the rules topic with one partition). "
                        + "Existing topics are left as they are."
            },
            footer = {"", "Example:", "  bin/riskwatch topics create --kafka 127.0.0.1:9092 --partitions 4"})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "job settings naming the Kafka servers, topics and client properties (default: embedded)")
        Path config;

        @Option(
                names = "--kafka",
                paramLabel = "BOOTSTRAP",
                description = "Kafka bootstrap servers (overrides the config)")
        String kafka;

        @Option(
                names = "--partitions",
                paramLabel = "N",
                defaultValue = "2",
                description = "partitions of each new input, dead-letter and alerts topic (default: ${DEFAULT-VALUE})")
        int partitions;

        @Override
        public Integer call() {
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
            }
            KafkaSettings k = ConfigLoader.load(config, null).kafka();
            String bootstrap = kafka != null ? kafka : k.bootstrapServers();
            PrintWriter out = spec.commandLine().getOut();
            for (KafkaTopics.Outcome o : KafkaTopics.createMissing(bootstrap, k.properties(), layout(k, partitions))) {
                out.printf(
                        "%-24s %s%n",
                        o.topic(), o.created() ? "created, " + o.partitions() + " partition(s)" : "exists");
            }
            return 0;
        }
    }
}
