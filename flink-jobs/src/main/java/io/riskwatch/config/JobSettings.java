package io.riskwatch.config;

import io.riskwatch.alert.route.RoutingPlan;
import io.riskwatch.rule.RuleEnvironment;
import io.riskwatch.rule.RulesConfig;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated job settings ({@code config/riskwatch.yaml}) together with the rules they point to.
 * Serializable: operators receive it whole.
 */
public record JobSettings(
        long outOfOrdernessMillis,
        long allowedLatenessMillis,
        long idlenessMillis,
        long liveIdlenessMillis,
        long quietFlushMillis,
        long maxFutureMillis,
        String tradingDayZone,
        List<String> continuousSession,
        long duplicateWindowMillis,
        int maxRecordBytes,
        String rulesSource,
        RulesConfig rules,
        Map<String, Long> cooldownMillis,
        RoutingPlan routing,
        long notifyTimeoutMillis,
        long redisStreamMaxLen,
        long redisTimeoutMillis,
        long redisLingerMillis,
        long redisRetryForMillis,
        KafkaSettings kafka,
        RunawayGuardSettings runawayGuard)
        implements Serializable {

    public JobSettings {
        cooldownMillis = Collections.unmodifiableMap(new TreeMap<>(cooldownMillis));
        continuousSession = List.copyOf(continuousSession);
    }

    /** The same settings with another notification plan (e.g. plus {@code --webhook}, or none). */
    public JobSettings withRouting(RoutingPlan plan) {
        Copy c = new Copy(this);
        c.routing = plan;
        return c.build();
    }

    /** The same settings with other Kafka settings (e.g. {@code --kafka BOOTSTRAP}). */
    public JobSettings withKafka(KafkaSettings k) {
        Copy c = new Copy(this);
        c.kafka = k;
        return c.build();
    }

    /** The same settings with another out-of-orderness bound. */
    public JobSettings withOutOfOrdernessMillis(long millis) {
        Copy c = new Copy(this);
        c.outOfOrdernessMillis = millis;
        return c.build();
    }

    /** The same settings with another idleness timeout for input partitions. */
    public JobSettings withIdlenessMillis(long millis) {
        Copy c = new Copy(this);
        c.idlenessMillis = millis;
        return c.build();
    }

    /** The same settings with another idleness timeout for up-to-date partitions ({@code time.liveIdleness}). */
    public JobSettings withLiveIdlenessMillis(long millis) {
        Copy c = new Copy(this);
        c.liveIdlenessMillis = millis;
        return c.build();
    }

    /** The same settings with another flush of a quiet feed ({@code time.quietFlush}). */
    public JobSettings withQuietFlushMillis(long millis) {
        Copy c = new Copy(this);
        c.quietFlushMillis = millis;
        return c.build();
    }

    /** The same settings with another bound on a ts ahead of its neighbours or the clock ({@code time.maxFuture}). */
    public JobSettings withMaxFutureMillis(long millis) {
        Copy c = new Copy(this);
        c.maxFutureMillis = millis;
        return c.build();
    }

    /** The same settings with another runaway-rule guard. */
    public JobSettings withRunawayGuard(RunawayGuardSettings guard) {
        Copy c = new Copy(this);
        c.runawayGuard = guard;
        return c.build();
    }

    /** How long the Redis sinks retry one outage ({@code redis.retryFor}). */
    public Duration redisRetryFor() {
        return Duration.ofMillis(redisRetryForMillis);
    }

    public Duration notifyTimeout() {
        return Duration.ofMillis(notifyTimeoutMillis);
    }

    /** What rules may know of these settings: the trading-day zone and the continuous session. */
    public RuleEnvironment ruleEnvironment() {
        return new RuleEnvironment(tradingDayZone, continuousSession);
    }

    public ZoneId zone() {
        return ZoneId.of(tradingDayZone);
    }

    /** How far an input stream may run ahead of an event before that event is late. */
    public long lateAfterMillis() {
        return outOfOrdernessMillis + allowedLatenessMillis;
    }

    /** A mutable copy of every component, for the {@code with...} methods: each changes what it names. */
    private static final class Copy {
        long outOfOrdernessMillis;
        long allowedLatenessMillis;
        long idlenessMillis;
        long liveIdlenessMillis;
        long quietFlushMillis;
        long maxFutureMillis;
        String tradingDayZone;
        List<String> continuousSession;
        long duplicateWindowMillis;
        int maxRecordBytes;
        String rulesSource;
        RulesConfig rules;
        Map<String, Long> cooldownMillis;
        RoutingPlan routing;
        long notifyTimeoutMillis;
        long redisStreamMaxLen;
        long redisTimeoutMillis;
        long redisLingerMillis;
        long redisRetryForMillis;
        KafkaSettings kafka;
        RunawayGuardSettings runawayGuard;

        Copy(JobSettings s) {
            outOfOrdernessMillis = s.outOfOrdernessMillis;
            allowedLatenessMillis = s.allowedLatenessMillis;
            idlenessMillis = s.idlenessMillis;
            liveIdlenessMillis = s.liveIdlenessMillis;
            quietFlushMillis = s.quietFlushMillis;
            maxFutureMillis = s.maxFutureMillis;
            tradingDayZone = s.tradingDayZone;
            continuousSession = s.continuousSession;
            duplicateWindowMillis = s.duplicateWindowMillis;
            maxRecordBytes = s.maxRecordBytes;
            rulesSource = s.rulesSource;
            rules = s.rules;
            cooldownMillis = s.cooldownMillis;
            routing = s.routing;
            notifyTimeoutMillis = s.notifyTimeoutMillis;
            redisStreamMaxLen = s.redisStreamMaxLen;
            redisTimeoutMillis = s.redisTimeoutMillis;
            redisLingerMillis = s.redisLingerMillis;
            redisRetryForMillis = s.redisRetryForMillis;
            kafka = s.kafka;
            runawayGuard = s.runawayGuard;
        }

        JobSettings build() {
            return new JobSettings(
                    outOfOrdernessMillis,
                    allowedLatenessMillis,
                    idlenessMillis,
                    liveIdlenessMillis,
                    quietFlushMillis,
                    maxFutureMillis,
                    tradingDayZone,
                    continuousSession,
                    duplicateWindowMillis,
                    maxRecordBytes,
                    rulesSource,
                    rules,
                    cooldownMillis,
                    routing,
                    notifyTimeoutMillis,
                    redisStreamMaxLen,
                    redisTimeoutMillis,
                    redisLingerMillis,
                    redisRetryForMillis,
                    kafka,
                    runawayGuard);
        }
    }
}
