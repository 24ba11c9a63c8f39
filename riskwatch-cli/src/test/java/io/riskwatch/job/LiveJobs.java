package io.riskwatch.job;

import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The live job as the live tests run it: every rule, parallelism 2, alerts into a local Redis. */
final class LiveJobs {
    private LiveJobs() {}

    /** Builds the job into {@code env} and starts it. */
    static JobClient start(
            StreamExecutionEnvironment env, JobSettings settings, int redisPort, String prefix, String name)
            throws Exception {
        LiveJob.build(
                env,
                new LiveJob.Request(
                        settings,
                        RuleCatalog.RULES.ids(),
                        2,
                        new ReplayJob.RedisTarget("redis://127.0.0.1:" + redisPort + "/0", prefix)));
        return env.executeAsync(name);
    }
}
