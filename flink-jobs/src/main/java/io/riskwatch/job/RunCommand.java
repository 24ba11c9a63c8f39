package io.riskwatch.job;

import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code riskwatch run}: live mode, until cancelled. */
@Command(name = "run", mixinStandardHelpOptions = true,
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

    @Option(names = "--config", paramLabel = "FILE",
            description = "job settings (riskwatch.yaml: kafka, checkpoint, notify, ...); default: the embedded one")
    Path config;

    @Option(names = "--rules-file", paramLabel = "FILE", description = "rule thresholds, overriding the settings' one")
    Path rulesFile;

    @Option(names = "--rules", paramLabel = "all|none|RULE,...", defaultValue = "all",
            description = "rules to run (default: ${DEFAULT-VALUE})")
    String rules;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
            description = "parallelism of the job (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "Kafka bootstrap servers, overriding kafka.bootstrapServers of the config")
    String kafka;

    @Option(names = "--redis", paramLabel = "URI",
            description = "where alerts are stored, e.g. redis://127.0.0.1:6379/0 (password from RISKWATCH_REDIS_PASSWORD)")
    String redis;

    @Option(names = "--redis-prefix", paramLabel = "PREFIX", defaultValue = "riskwatch",
            description = "key prefix in Redis (default: ${DEFAULT-VALUE})")
    String redisPrefix;

    @Mixin
    NotifyOptions notify = new NotifyOptions();

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("--parallelism must be between 1 and 256, got " + parallelism);
        }
        Set<String> selected = RuleCatalog.select(rules);
        JobSettings settings = ConfigLoader.load(config, rulesFile);
        if (kafka != null) {
            settings = settings.withKafka(settings.kafka().withBootstrapServers(kafka));
        }
        settings = settings.withRouting(notify.plan(settings.routing()));
        ReplayJob.RedisTarget target = null;
        if (redis != null) {
            io.riskwatch.sink.redis.RedisAlertSink.builder().uri(redis).prefix(redisPrefix).build();
            target = new ReplayJob.RedisTarget(redis, redisPrefix);
        }
        StreamExecutionEnvironment env = LiveJob.environment(parallelism);
        LiveJob.build(env, new LiveJob.Request(settings, selected, parallelism, target));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("riskwatch run: kafka %s topics %s, parallelism %d, checkpoints every %d ms, redis %s, notify %s%n",
                settings.kafka().bootstrapServers(), settings.kafka().inputTopics(), parallelism,
                settings.kafka().checkpointIntervalMillis(), redis == null ? "none" : redis + " (prefix " + redisPrefix + ")",
                settings.routing().isEmpty() ? "none" : String.join(",", settings.routing().channels().keySet()));
        out.flush();
        env.execute("riskwatch live");
        return 0;
    }
}
