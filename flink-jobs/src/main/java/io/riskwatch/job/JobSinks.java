package io.riskwatch.job;

import io.riskwatch.config.JobSettings;
import io.riskwatch.sink.file.JsonLinesFileSink;
import io.riskwatch.sink.redis.RedisAlertSink;
import io.riskwatch.sink.redis.RedisResilience;
import io.riskwatch.suppress.HeldBackSink;
import io.riskwatch.topology.OperatorUids;
import io.riskwatch.topology.RiskTopology;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The sink wiring live and replay share. */
final class JobSinks {
    private JobSinks() {}

    /**
     * A stream as JSON Lines in the file {@code name} under {@code parts} (the job joins the parts at its end).
     *
     * @param what the operators' names ({@code <what> json}, {@code <what> file})
     */
    static <T> void toJsonLines(
            DataStream<T> stream,
            MapFunction<T, String> json,
            Path parts,
            String name,
            String what,
            String jsonUid,
            String sinkUid) {
        stream.map(json, Types.STRING)
                .name(what + " json")
                .uid(jsonUid)
                .sinkTo(new JsonLinesFileSink(parts, name))
                .name(what + " file")
                .uid(sinkUid);
    }

    /**
     * Alerts to Redis (each stored once, notified the first time it is stored, along the settings' routing plan)
     * and held-back alerts to Redis's held-back keys.
     *
     * @param notifyDrain how long a finishing job waits for its notifications
     */
    static void toRedis(
            RiskTopology.Outputs out,
            ReplayJob.RedisTarget redis,
            JobSettings settings,
            Duration notifyDrain,
            RedisResilience resilience) {
        out.alerts()
                .sinkTo(RedisAlertSink.builder()
                        .uri(redis.uri())
                        .prefix(redis.prefix())
                        .passwordFromEnv(ReplayJob.RedisTarget.PASSWORD_ENV)
                        .streamMaxLen(settings.redisStreamMaxLen())
                        .timeout(Duration.ofMillis(settings.redisTimeoutMillis()))
                        .linger(Duration.ofMillis(settings.redisLingerMillis()))
                        .notify(settings.routing())
                        .notifyTimeouts(settings.notifyTimeout(), notifyDrain)
                        .resilience(resilience)
                        .build())
                .name("alerts to Redis")
                .uid(OperatorUids.UID_REDIS_SINK);
        out.suppressed()
                .sinkTo(new HeldBackSink(
                        redis.uri(),
                        ReplayJob.RedisTarget.PASSWORD_ENV,
                        redis.prefix(),
                        Duration.ofMillis(settings.redisTimeoutMillis()),
                        resilience))
                .name("held-back alerts to Redis")
                .uid(OperatorUids.UID_HELD_BACK_SINK);
    }
}
