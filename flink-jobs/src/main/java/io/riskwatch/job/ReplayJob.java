package io.riskwatch.job;

import io.riskwatch.alert.AlertJson;
import io.riskwatch.alert.route.RoutingPlan;
import io.riskwatch.config.JobSettings;
import io.riskwatch.model.Event;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.DeadLetters;
import io.riskwatch.parse.FanOut;
import io.riskwatch.scope.ClientStateFunction;
import io.riskwatch.sink.notify.NotifierSink;
import io.riskwatch.sink.redis.RedisOutcome;
import io.riskwatch.sink.redis.RedisResilience;
import io.riskwatch.source.ReadListener;
import io.riskwatch.source.file.ReplayFileSource;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.suppress.SuppressedAlert;
import io.riskwatch.topology.OperatorUids;
import io.riskwatch.topology.RiskTopology;
import io.riskwatch.wire.WireTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File replay on an embedded MiniCluster in STREAMING mode: the same topology as live mode, fed by
 * {@link ReplayFileSource}, writing alerts and dead letters as sorted JSON Lines files.
 */
public final class ReplayJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayJob.class);

    /** What to replay and where to write. */
    public record Request(
            List<String> inputs,
            JobSettings settings,
            Set<String> rules,
            int parallelism,
            Path alertsFile,
            Path deadLettersFile,
            Path suppressedFile,
            RedisTarget redis,
            KafkaInput kafka) {
        public Request(
                List<String> inputs,
                JobSettings settings,
                Set<String> rules,
                int parallelism,
                Path alertsFile,
                Path deadLettersFile) {
            this(
                    inputs,
                    settings,
                    rules,
                    parallelism,
                    alertsFile,
                    deadLettersFile,
                    alertsFile.resolveSibling("suppressed.jsonl"),
                    null,
                    null);
        }

        /** The same request reading a bounded range of Kafka topics instead of files. */
        public Request fromKafka(KafkaInput input) {
            return new Request(
                    input.topics(),
                    settings,
                    rules,
                    parallelism,
                    alertsFile,
                    deadLettersFile,
                    suppressedFile,
                    redis,
                    input);
        }
    }

    /** Where alerts also go in Redis (contract section 5); the password comes from RISKWATCH_REDIS_PASSWORD. */
    public record RedisTarget(String uri, String prefix) {
        public static final String PASSWORD_ENV = "RISKWATCH_REDIS_PASSWORD";
    }

    /** What a replay did. */
    public record Result(
            List<String> files,
            Set<String> rules,
            int parallelism,
            long read,
            long processed,
            long deadLettered,
            Map<String, Long> deadLettersByReason,
            long alerts,
            Map<String, Long> alertsByRule,
            long suppressed,
            Map<String, Long> suppressedByRule,
            Duration wallTime,
            long clientsTracked,
            RedisReport redis) {
        /** The contract's accounting: every record read ends processed or dead-lettered. */
        public boolean balanced() {
            return read == processed + deadLettered;
        }

        public double eventsPerSecond() {
            double seconds = Math.max(wallTime.toNanos() / 1e9, 1e-9);
            return read / seconds;
        }
    }

    /**
     * What became of the Redis writes (null without {@code --redis}).
     *
     * @param reached a writer connected at least once
     * @param gaveUp the one line naming the host and the failure, or null when every write was stored
     * @param outages how often a writer found Redis not answering and retried (ridden out or not)
     */
    public record RedisReport(
            boolean reached, String gaveUp, long alertsNotStored, long heldBackNotStored, long outages) {
        public boolean complete() {
            return gaveUp == null;
        }
    }

    /** How long a finishing replay waits for its notifications before recording the rest as not sent. */
    static final Duration NOTIFY_DRAIN = Duration.ofMinutes(2);

    private ReplayJob() {}

    /**
     * The source of a run over history: a range of the Kafka input topics when {@code kafka} is given, else the
     * files, merged in ts order by one reader; lateness and the bounds on a record from {@code settings}.
     */
    static DataStream<SourceRecord> history(
            StreamExecutionEnvironment env,
            JobSettings settings,
            KafkaInput kafka,
            List<String> files,
            ReadListener progress,
            String what) {
        if (kafka != null) {
            return env.fromSource(
                            kafka.source(settings.maxRecordBytes(), settings.maxFutureMillis(), progress),
                            KafkaInput.watermarks(settings),
                            what + " kafka " + String.join(",", kafka.topics()))
                    .uid(OperatorUids.UID_SOURCE);
        }
        ReplayFileSource source = ReplayFileSource.of(files, settings.maxRecordBytes(), settings.lateAfterMillis())
                .withMaxFuture(settings.maxFutureMillis())
                .withListener(progress);
        return env.fromSource(source, fileWatermarks(), what + " " + files.size() + " file(s)")
                .setParallelism(1)
                .uid(OperatorUids.UID_SOURCE);
    }

    public static Result run(Request request) throws Exception {
        return run(request, null);
    }

    /** @param progress where the source reports how far it read (the progress bar), or null */
    public static Result run(Request request, ReadListener progress) throws Exception {
        long started = System.nanoTime();
        List<String> files =
                request.kafka() != null ? request.kafka().topics() : ReplayFileSource.expand(request.inputs());

        Path alertsParent = request.alertsFile().toAbsolutePath().getParent();
        Files.createDirectories(alertsParent);
        Path parts = Files.createTempDirectory(alertsParent, ".riskwatch-replay-");
        RedisOutcome redisOutcome = request.redis() != null ? RedisOutcome.open() : null;
        try {
            StreamExecutionEnvironment env = JobEnvironment.replay(request.parallelism());
            DataStream<SourceRecord> records =
                    history(env, request.settings(), request.kafka(), files, progress, "replay");
            RiskTopology.Spec spec = RiskTopology.Spec.of(request.settings(), request.rules());
            RiskTopology.Outputs out = RiskTopology.build(records, spec);
            JobSinks.toJsonLines(
                    out.alerts(),
                    AlertJson::toJson,
                    parts,
                    "alerts",
                    "alerts",
                    "alert-json",
                    OperatorUids.UID_ALERT_SINK);
            JobSinks.toJsonLines(
                    out.suppressed(),
                    SuppressedAlert::json,
                    parts,
                    "suppressed",
                    "suppressed",
                    "suppressed-json",
                    OperatorUids.UID_SUPPRESSED_SINK);
            RoutingPlan plan = request.settings().routing();
            if (request.redis() != null) {
                // notifies each alert the first time Redis stores it: replaying again notifies nothing
                // retried through an outage; then the run goes on without Redis and the files are complete
                JobSinks.toRedis(
                        out,
                        request.redis(),
                        request.settings(),
                        NOTIFY_DRAIN,
                        RedisResilience.continueWithout(request.settings().redisRetryFor(), redisOutcome.key()));
            } else if (!plan.isEmpty()) {
                out.alerts()
                        .sinkTo(new NotifierSink(plan, request.settings().notifyTimeout(), NOTIFY_DRAIN))
                        .name("alerts to notifiers")
                        .uid(OperatorUids.UID_NOTIFY_SINK);
            }
            JobSinks.toJsonLines(
                    out.deadLetters(),
                    DeadLetters::toJson,
                    parts,
                    "dead-letters",
                    "dead letters",
                    "dead-letter-json",
                    OperatorUids.UID_DEAD_LETTER_SINK);

            LOG.info(
                    "replay: {} file(s), parallelism {}, rules {}",
                    files.size(),
                    request.parallelism(),
                    RiskTopology.running(spec));
            JobExecutionResult result = env.execute("riskwatch replay");

            OutputFiles.Written alerts = OutputFiles.alerts(parts, "alerts", request.alertsFile());
            OutputFiles.Written dead = OutputFiles.deadLetters(parts, "dead-letters", request.deadLettersFile());
            OutputFiles.Written suppressed = OutputFiles.alerts(parts, "suppressed", request.suppressedFile());
            return new Result(
                    files,
                    request.rules(),
                    request.parallelism(),
                    counter(result, FanOut.COUNTER_READ),
                    counter(result, ClientStateFunction.COUNTER_PROCESSED),
                    dead.lines(),
                    dead.byKind(),
                    alerts.lines(),
                    alerts.byKind(),
                    suppressed.lines(),
                    suppressed.byKind(),
                    Duration.ofNanos(System.nanoTime() - started),
                    counter(result, ClientStateFunction.COUNTER_CLIENTS),
                    redisOutcome == null
                            ? null
                            : new RedisReport(
                                    redisOutcome.reached(),
                                    redisOutcome.gaveUp(),
                                    redisOutcome.alertsNotStored(),
                                    redisOutcome.heldBackNotStored(),
                                    redisOutcome.outages()));
        } finally {
            if (redisOutcome != null) {
                redisOutcome.close();
            }
            deleteRecursively(parts);
        }
    }

    /**
     * Reads the files through the replay source alone (read, parse, validate, merge into processing order)
     * into a discarding sink: the floor under any replay. Returns the records read.
     */
    public static long readOnly(List<String> inputs, JobSettings settings, ReadListener listener) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.replay(1);
        countedRead(env, inputs, settings, listener, "replay (read only)")
                .sinkTo(new DiscardingSink<>())
                .setParallelism(1)
                .name("discard")
                .uid("discard");
        return counter(env.execute("riskwatch read only"), FanOut.COUNTER_READ);
    }

    /**
     * The keyed floor: {@link #readOnly}'s source, then every event keyed by its client (its symbol for quote and
     * security) across the same shuffle the pipeline uses, with one keyed state update per event, into a discarding
     * sink. No design that keeps state per client in Flink runs faster on the machine. Returns the records read.
     */
    public static long keyedFloor(List<String> inputs, JobSettings settings, int parallelism, ReadListener listener)
            throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.replay(parallelism);
        countedRead(env, inputs, settings, listener, "replay (keyed floor)")
                .flatMap(
                        (SourceRecord r, Collector<Event> out) -> {
                            if (r.event() != null) {
                                out.collect(r.event());
                            }
                        },
                        WireTypes.EVENT)
                .setParallelism(1)
                .name("events")
                .uid("events")
                .keyBy(Event::key, Types.STRING)
                .process(new TouchState(), Types.LONG)
                .name("one state update per event")
                .uid("touch-state")
                .sinkTo(new DiscardingSink<>())
                .name("discard")
                .uid("discard");
        return counter(env.execute("riskwatch keyed floor"), FanOut.COUNTER_READ);
    }

    /** The replay source of the files, one subtask, each record counted as read. */
    private static SingleOutputStreamOperator<SourceRecord> countedRead(
            StreamExecutionEnvironment env,
            List<String> inputs,
            JobSettings settings,
            ReadListener listener,
            String name) {
        return history(env, settings, null, ReplayFileSource.expand(inputs), listener, name)
                .map(new CountRead())
                .setParallelism(1)
                .name("count")
                .uid("count-read");
    }

    /** One keyed value state read and written per event: the least a per-client rule does. */
    private static final class TouchState extends KeyedProcessFunction<String, Event, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> seen;

        @Override
        public void open(OpenContext ctx) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.LONG));
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<Long> out) throws Exception {
            Long n = seen.value();
            seen.update(n == null ? 1L : n + 1);
        }
    }

    /** The merged file stream is already in ts order; dead letters carry no event time. */
    public static WatermarkStrategy<SourceRecord> fileWatermarks() {
        return WatermarkStrategy.<SourceRecord>forMonotonousTimestamps()
                .withTimestampAssigner(
                        (r, previous) -> r.event() != null ? r.event().ts() : Long.MIN_VALUE);
    }

    /** Counts the records of a read-only run. */
    private static final class CountRead extends RichMapFunction<SourceRecord, SourceRecord> {
        private static final long serialVersionUID = 1L;
        private transient LongCounter read;

        @Override
        public void open(OpenContext ctx) {
            read = getRuntimeContext().getLongCounter(FanOut.COUNTER_READ);
        }

        @Override
        public SourceRecord map(SourceRecord r) {
            read.add(1);
            return r;
        }
    }

    /** An accumulator's final value, 0 when absent. */
    public static long counter(JobExecutionResult result, String name) {
        Object v = result.getAccumulatorResult(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    /** Deletes a folder and everything in it. */
    public static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
