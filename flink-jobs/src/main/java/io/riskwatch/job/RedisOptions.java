package io.riskwatch.job;

import io.riskwatch.sink.redis.RedisAlertSink;
import picocli.CommandLine.Option;

/** {@code --redis URI} and {@code --redis-prefix}, for the commands that store alerts. */
public final class RedisOptions {
    @Option(
            names = "--redis",
            paramLabel = "URI",
            description = "also write alerts to Redis, e.g. redis://127.0.0.1:6379/0 (rediss:// for TLS); the password "
                    + "comes from the environment variable RISKWATCH_REDIS_PASSWORD, never from the command line")
    String redis;

    @Option(
            names = "--redis-prefix",
            paramLabel = "PREFIX",
            defaultValue = "riskwatch",
            description = "key prefix in Redis; use another one to keep a replay apart from production"
                    + " (default: ${DEFAULT-VALUE})")
    String redisPrefix;

    /** The target, checked before anything runs (a malformed URI or a password in it is one clear line), or null. */
    public ReplayJob.RedisTarget target() {
        if (redis == null) {
            return null;
        }
        RedisAlertSink.builder().uri(redis).prefix(redisPrefix).build();
        return new ReplayJob.RedisTarget(redis, redisPrefix);
    }
}
