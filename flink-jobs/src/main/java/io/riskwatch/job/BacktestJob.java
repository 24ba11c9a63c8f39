package io.riskwatch.job;

import io.riskwatch.alert.AlertJson;
import io.riskwatch.config.JobSettings;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.DeadLetters;
import io.riskwatch.parse.FanOut;
import io.riskwatch.scope.ClientStateFunction;
import io.riskwatch.source.ReadListener;
import io.riskwatch.source.file.ReplayFileSource;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.topology.OperatorUids;
import io.riskwatch.topology.RiskTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two versions of the rules over the same input in one job: the files are read, parsed and merged once, and the
 * records feed two copies of the topology (uids prefixed {@code baseline/} and {@code candidate/}), each writing
 * its own sorted alerts file. Dead letters do not depend on the rules, so only the baseline's are written.
 */
public final class BacktestJob {
    private static final Logger LOG = LoggerFactory.getLogger(BacktestJob.class);
    public static final String BASELINE = "baseline";
    public static final String CANDIDATE = "candidate";

    /** What to compare, over which input (files, or a range of the Kafka input topics), and where the files go. */
    public record Request(
            List<String> inputs,
            JobSettings baseline,
            JobSettings candidate,
            Set<String> rules,
            int parallelism,
            Path outDir,
            KafkaInput kafka) {
        /** Over files. */
        public Request(
                List<String> inputs,
                JobSettings baseline,
                JobSettings candidate,
                Set<String> rules,
                int parallelism,
                Path outDir) {
            this(inputs, baseline, candidate, rules, parallelism, outDir, null);
        }

        /** The same comparison over a range of the Kafka input topics instead of files. */
        public Request fromKafka(KafkaInput input) {
            return new Request(List.of(), baseline, candidate, rules, parallelism, outDir, input);
        }

        public Path baselineAlerts() {
            return outDir.resolve("baseline-alerts.jsonl");
        }

        public Path candidateAlerts() {
            return outDir.resolve("candidate-alerts.jsonl");
        }

        public Path deadLetters() {
            return outDir.resolve("dead-letters.jsonl");
        }
    }

    /** What the run did; counts are per version (each version sees every record). */
    public record Result(
            List<String> files,
            long read,
            long processed,
            long deadLettered,
            Map<String, Long> deadLettersByReason,
            long baselineAlerts,
            long candidateAlerts,
            Duration wallTime) {
        public boolean balanced() {
            return read == processed + deadLettered;
        }
    }

    private BacktestJob() {}

    public static Result run(Request request, ReadListener progress) throws Exception {
        long started = System.nanoTime();
        List<String> files =
                request.kafka() != null ? request.kafka().topics() : ReplayFileSource.expand(request.inputs());
        Files.createDirectories(request.outDir());
        Path parts = Files.createTempDirectory(request.outDir().toAbsolutePath(), ".riskwatch-backtest-");
        try {
            StreamExecutionEnvironment env = JobEnvironment.replay(request.parallelism());
            // lateness and the bounds on a record come from the settings file, which both versions share
            DataStream<SourceRecord> records =
                    ReplayJob.history(env, request.baseline(), request.kafka(), files, progress, "backtest");

            RiskTopology.Outputs base = topology(records, request.baseline(), request.rules(), BASELINE);
            RiskTopology.Outputs cand = topology(records, request.candidate(), request.rules(), CANDIDATE);
            JobSinks.toJsonLines(
                    base.alerts(),
                    AlertJson::toJson,
                    parts,
                    BASELINE,
                    "baseline alerts",
                    "baseline/alert-json",
                    "baseline/alerts-file");
            JobSinks.toJsonLines(
                    cand.alerts(),
                    AlertJson::toJson,
                    parts,
                    CANDIDATE,
                    "candidate alerts",
                    "candidate/alert-json",
                    "candidate/alerts-file");
            JobSinks.toJsonLines(
                    base.deadLetters(),
                    DeadLetters::toJson,
                    parts,
                    "dead-letters",
                    "dead letters",
                    "dead-letter-json",
                    OperatorUids.UID_DEAD_LETTER_SINK);
            // the candidate's dead letters are the same records; they are counted, not written twice
            cand.deadLetters()
                    .sinkTo(new DiscardingSink<>())
                    .name("candidate dead letters (same as the baseline's)")
                    .uid("candidate/dead-letters-discard");

            LOG.info(
                    "backtest: {} {}, parallelism {}, baseline rules {} vs candidate rules {}",
                    request.kafka() != null ? "Kafka topic(s)" : "file(s)",
                    files.size(),
                    request.parallelism(),
                    request.baseline().rules().version(),
                    request.candidate().rules().version());
            JobExecutionResult result = env.execute("riskwatch backtest");

            OutputFiles.Written b = OutputFiles.alerts(parts, BASELINE, request.baselineAlerts());
            OutputFiles.Written c = OutputFiles.alerts(parts, CANDIDATE, request.candidateAlerts());
            OutputFiles.Written dead = OutputFiles.deadLetters(parts, "dead-letters", request.deadLetters());
            // both copies of the topology count every record into the same accumulators
            return new Result(
                    files,
                    ReplayJob.counter(result, FanOut.COUNTER_READ) / 2,
                    ReplayJob.counter(result, ClientStateFunction.COUNTER_PROCESSED) / 2,
                    dead.lines(),
                    dead.byKind(),
                    b.lines(),
                    c.lines(),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            ReplayJob.deleteRecursively(parts);
        }
    }

    private static RiskTopology.Outputs topology(
            DataStream<SourceRecord> records, JobSettings settings, Set<String> selected, String variant) {
        return RiskTopology.build(
                records, RiskTopology.Spec.of(settings, selected).withVariant(variant));
    }
}
