package io.riskwatch.job;

import io.riskwatch.alert.AlertJson;
import io.riskwatch.config.JobSettings;
import io.riskwatch.config.KafkaSettings;
import io.riskwatch.control.RulesStatusSink;
import io.riskwatch.control.RulesTopic;
import io.riskwatch.control.ValidateRules;
import io.riskwatch.model.Event;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.DeadLetters;
import io.riskwatch.sink.redis.RedisResilience;
import io.riskwatch.source.kafka.KafkaInput;
import io.riskwatch.source.kafka.KafkaTopics;
import io.riskwatch.topology.OperatorUids;
import io.riskwatch.topology.RiskTopology;
import io.riskwatch.wire.WireTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Live mode: the input topics in, alerts to Redis (and the notifiers, each alert once), dead letters to the
 * dead-letter topic, optionally every alert to the alerts topic in Kafka transactions. Checkpoints (exactly
 * once for state and offsets) every {@code checkpoint.interval}; every stateful operator has a stable uid.
 * The same graph runs on an embedded cluster ({@code bin/riskwatch run}) or on any Flink 2.2 cluster
 * ({@code flink run riskwatch-jobs.jar run --config ...}).
 */
public final class LiveJob {
    /** What to run. */
    public record Request(JobSettings settings, Set<String> rules, int parallelism, ReplayJob.RedisTarget redis) {}

    /** 15 minutes: a stock broker's {@code transaction.max.timeout.ms}, far above any checkpoint interval. */
    static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "900000";

    private LiveJob() {}

    /** Adds the live pipeline to {@code env}. */
    public static void build(StreamExecutionEnvironment env, Request request) {
        JobSettings settings = request.settings();
        KafkaSettings kafka = settings.kafka();
        env.enableCheckpointing(kafka.checkpointIntervalMillis(), CheckpointingMode.EXACTLY_ONCE);

        KafkaInput input = new KafkaInput(
                kafka.bootstrapServers(), kafka.inputTopics(), kafka.groupId(), kafka.properties(), false);
        DataStream<SourceRecord> records = env.fromSource(
                        input.source(settings.maxRecordBytes(), settings.maxFutureMillis(), null),
                        KafkaInput.watermarks(settings),
                        "kafka input")
                .uid(OperatorUids.UID_SOURCE);
        KafkaTopics.requireExisting(kafka.bootstrapServers(), kafka.properties(), kafka.topics());
        SingleOutputStreamOperator<Event> rulesUpdates = kafka.rulesTopic() == null
                ? null
                : env.fromSource(RulesTopic.source(kafka), WatermarkStrategy.noWatermarks(), "rules topic")
                        .setParallelism(1)
                        .uid(OperatorUids.UID_RULES_SOURCE)
                        // its own watermarks, independent of the source's splits (an empty topic must not hold time
                        // back)
                        .assignTimestampsAndWatermarks(RulesTopic.watermarks())
                        .setParallelism(1)
                        .name("rules: effective time")
                        .uid(OperatorUids.UID_RULES_SOURCE + "-time")
                        .keyBy(ValidateRules::key, Types.STRING)
                        .process(new ValidateRules(settings.rules()), WireTypes.EVENT)
                        .setParallelism(1)
                        .name("validate published rules")
                        .uid(OperatorUids.UID_RULES_VALIDATE);
        RiskTopology.Outputs out = RiskTopology.build(
                records, RiskTopology.Spec.of(settings, request.rules()).withRulesUpdates(rulesUpdates));
        if (request.redis() != null && rulesUpdates != null) {
            rulesUpdates
                    .getSideOutput(ValidateRules.STATUS)
                    .sinkTo(new RulesStatusSink(
                            request.redis().uri(),
                            ReplayJob.RedisTarget.PASSWORD_ENV,
                            request.redis().prefix(),
                            Duration.ofMillis(settings.redisTimeoutMillis()),
                            RedisResilience.failAfter(settings.redisRetryFor())))
                    .setParallelism(1)
                    .name("rules status to Redis")
                    .uid(OperatorUids.UID_RULES_STATUS_SINK);
        }

        if (request.redis() != null) {
            // an outage longer than retryFor fails the writer; the restart strategy restarts the job from its
            // checkpoint
            JobSinks.toRedis(
                    out,
                    request.redis(),
                    settings,
                    Duration.ofSeconds(30),
                    RedisResilience.failAfter(settings.redisRetryFor()));
        }
        out.deadLetters()
                .map(DeadLetters::toJson, Types.STRING)
                .name("dead letter json")
                .uid("dead-letter-json")
                .sinkTo(kafkaSink(kafka, kafka.deadLetterTopic(), DeliveryGuarantee.AT_LEAST_ONCE))
                .name("dead letters to Kafka")
                .uid(OperatorUids.UID_DEAD_LETTER_SINK);
        if (kafka.alertsTopicEnabled()) {
            out.alerts()
                    .map(AlertJson::toJson, Types.STRING)
                    .name("alert json")
                    .uid("alert-json")
                    .sinkTo(kafkaSink(kafka, kafka.alertsTopic(), DeliveryGuarantee.EXACTLY_ONCE))
                    .name("alerts to Kafka")
                    .uid(OperatorUids.UID_ALERT_SINK);
        }
    }

    private static KafkaSink<String> kafkaSink(KafkaSettings kafka, String topic, DeliveryGuarantee guarantee) {
        Properties props = new Properties();
        props.putAll(kafka.properties());
        var builder = KafkaSink.<String>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(new StampedNow(topic))
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(kafka.groupId() + "-" + topic);
            if (!props.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
                // the sink's own default (1 h) exceeds a stock broker's transaction.max.timeout.ms (15 min)
                builder.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, DEFAULT_TRANSACTION_TIMEOUT_MS);
            }
        }
        return builder.build();
    }

    /**
     * A JSON line to a topic, without key, stamped with the time it is written rather than the event time it
     * carries: a broker refuses a timestamp more than {@code message.timestamp.after.max.ms} (1 h by default) ahead
     * of its clock, and one such record would fail the sink and restart the job over and over. The event's own time
     * is in the JSON ({@code ts}).
     */
    static final class StampedNow implements KafkaRecordSerializationSchema<String> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        StampedNow(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(String element, KafkaSinkContext context, Long timestamp) {
            // a null timestamp: the producer stamps the record when it sends it
            return new ProducerRecord<>(topic, null, null, null, element.getBytes(StandardCharsets.UTF_8));
        }
    }
}
