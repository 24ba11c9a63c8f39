package io.riskwatch.job;

import io.riskwatch.config.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one factory of the jobs' Flink environments: live (on a cluster under {@code flink run}, else embedded,
 * with checkpoints) and replay (an embedded MiniCluster in STREAMING mode). Both share the job's type and uid
 * rules ({@link #base()}).
 */
public final class JobEnvironment {
    private JobEnvironment() {}

    /**
     * What every riskwatch job runs with: no generic (Kryo) types, object reuse, no generated uids (every
     * stateful operator names its own, so savepoints survive changes).
     */
    static Configuration base() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // chained operators pass records on without a copy: every record type is an immutable Java record and
        // no function keeps one it was handed by a chained operator (state holds only records off the network)
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        return conf;
    }

    /** The environment of wherever this runs (a cluster under {@code flink run}, else an embedded one). */
    public static StreamExecutionEnvironment live(int parallelism, KafkaSettings live) {
        return live(parallelism, live, null, 0);
    }

    /**
     * @param restoreFrom a savepoint or retained checkpoint to start from (embedded runs; under {@code flink run}
     *     pass {@code -s PATH} to Flink instead), null: a fresh start
     * @param prometheusPort where an embedded cluster serves its metrics for Prometheus ({@code /metrics}), 0: not
     *     at all (on a real cluster the reporter is the cluster's configuration)
     */
    public static StreamExecutionEnvironment live(
            int parallelism, KafkaSettings live, String restoreFrom, int prometheusPort) {
        Configuration conf = base();
        if (prometheusPort > 0) {
            conf.setString(
                    "metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
        }
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(live.watermarkIntervalMillis()));
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(live.bufferTimeoutMillis()));
        conf.set(StateBackendOptions.STATE_BACKEND, live.stateBackend());
        if (KafkaSettings.ROCKSDB.equals(live.stateBackend())) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        }
        String embeddedDir = embeddedCheckpointDir(live);
        if (embeddedDir != null) {
            // Flink's fallback, the JobManager's memory, fails every checkpoint above 5 MB of state (a few
            // thousand clients) and restarts the job each time: an embedded run keeps them on local disk instead
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, embeddedDir);
        }
        if (live.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, live.checkpointDir());
            // a cancelled or crashed job can be started again from its last checkpoint
            conf.set(
                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        // a failed task (Redis gone longer than redis.retryFor, a broker lost) restarts the job from its last
        // checkpoint, waiting 1 s, then twice as long each time up to a minute, for as long as it takes
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /**
     * Where an embedded run without {@code checkpoint.dir} keeps its checkpoints ({@code riskwatch-checkpoints} in
     * the temp folder, deleted when the job is cancelled); null when {@code checkpoint.dir} is set or the job runs
     * under {@code flink run} (the cluster's {@code execution.checkpointing.dir} applies).
     */
    public static String embeddedCheckpointDir(KafkaSettings live) {
        if (live.checkpointDir() != null
                || !(StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment)) {
            return null;
        }
        String uri = Path.of(System.getProperty("java.io.tmpdir"), "riskwatch-checkpoints")
                .toUri()
                .toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri; // the same whether it exists yet or not
    }

    /** An embedded MiniCluster in STREAMING mode with the job's type and uid rules. */
    public static StreamExecutionEnvironment replay(int parallelism) {
        Configuration conf = base();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        return env;
    }
}
