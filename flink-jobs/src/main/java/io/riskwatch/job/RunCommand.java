package io.riskwatch.job;

import io.riskwatch.config.JobSettings;
import io.riskwatch.sink.redis.RedisConnections;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskwatch run}: live mode, until cancelled. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs riskwatch live until cancelled: the input topics from Kafka, alerts to Redis and the notifiers, "
                    + "dead letters to the dead-letter topic, a checkpoint every checkpoint.interval.",
            "Embedded Flink cluster when started by bin/riskwatch; on a Flink 2.2 cluster: "
                    + "flink run riskwatch-jobs.jar run --config FILE ..."
        },
        footer = {"", "Example:", "  bin/riskwatch run --kafka 127.0.0.1:9092 --redis redis://127.0.0.1:6379/0"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job = new JobOptions();

    @Mixin
    RedisOptions redis = new RedisOptions();

    @Option(
            names = "--kafka",
            paramLabel = "BOOTSTRAP",
            description = "Kafka bootstrap servers, overriding kafka.bootstrapServers of the config")
    String kafka;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description = "Start from this savepoint or retained checkpoint (keeps all state and Kafka offsets); "
                    + "under flink run use Flink's own -s PATH")
    String fromSavepoint;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "9249",
            description = "serve the job's metrics for Prometheus on http://127.0.0.1:PORT/metrics (0: off; "
                    + "under flink run the cluster's reporter applies) (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Mixin
    NotifyOptions notify = new NotifyOptions();

    @Override
    public Integer call() throws Exception {
        int parallelism = job.parallelism();
        Set<String> selected = job.selectedRules();
        JobSettings settings = job.settings();
        if (kafka != null) {
            settings = settings.withKafka(settings.kafka().withBootstrapServers(kafka));
        }
        settings = settings.withRouting(notify.plan(settings.routing()));
        ReplayJob.RedisTarget target = redis.target();
        StreamExecutionEnvironment env = JobEnvironment.live(parallelism, settings.kafka(), fromSavepoint, metricsPort);
        LiveJob.build(env, new LiveJob.Request(settings, selected, parallelism, target));
        PrintWriter out = spec.commandLine().getOut();
        String embeddedDir = JobEnvironment.embeddedCheckpointDir(settings.kafka());
        String checkpointDir = settings.kafka().checkpointDir() != null
                ? settings.kafka().checkpointDir()
                : embeddedDir != null ? embeddedDir : "the cluster's default";
        out.printf(
                "riskwatch run: kafka %s topics %s, parallelism %d, checkpoints every %d ms to %s (state %s)%s, "
                        + "redis %s, notify %s%n",
                settings.kafka().bootstrapServers(),
                settings.kafka().inputTopics(),
                parallelism,
                settings.kafka().checkpointIntervalMillis(),
                checkpointDir,
                settings.kafka().stateBackend(),
                fromSavepoint == null ? "" : ", from " + fromSavepoint,
                target == null ? "none" : RedisConnections.display(target.uri()) + " (prefix " + target.prefix() + ")",
                settings.routing().isEmpty()
                        ? "none"
                        : String.join(",", settings.routing().channels().keySet()));
        if (!(env instanceof LocalStreamEnvironment)) {
            out.println("riskwatch run: submitting to the Flink cluster; metrics go to the cluster's reporters");
        } else if (metricsPort > 0) {
            out.printf("riskwatch run: metrics for Prometheus at http://127.0.0.1:%d/metrics%n", metricsPort);
        }
        out.flush();
        env.execute("riskwatch live");
        return 0;
    }
}
