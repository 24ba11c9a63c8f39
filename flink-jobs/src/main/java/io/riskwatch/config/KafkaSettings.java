package io.riskwatch.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Live mode's settings: Kafka, checkpoints and state ({@code kafka} and {@code checkpoint} in
 * {@code riskwatch.yaml}).
 *
 * @param inputTopics funds, orders, quotes, reference
 * @param rulesTopic the control topic carrying new versions of the rules file; null: no live rule changes
 * @param properties Kafka client properties passed through (security settings and the like)
 * @param checkpointDir where checkpoints go ({@code file:///...}, {@code s3://...}); null: the cluster's setting
 * @param stateBackend {@code hashmap} (state on the heap: fast, for state that fits in memory) or
 *     {@code rocksdb} (on local disk, incremental checkpoints: for state larger than memory)
 * @param watermarkIntervalMillis how often the Kafka source emits a watermark: a client's events are applied
 *     when the watermark passes them, so this bounds how long an alert waits after its event is read
 * @param bufferTimeoutMillis longest an operator holds a part-filled network buffer before sending it
 */
public record KafkaSettings(
        String bootstrapServers,
        String groupId,
        List<String> inputTopics,
        String deadLetterTopic,
        String alertsTopic,
        boolean alertsTopicEnabled,
        String rulesTopic,
        Map<String, String> properties,
        long checkpointIntervalMillis,
        String checkpointDir,
        String stateBackend,
        long watermarkIntervalMillis,
        long bufferTimeoutMillis)
        implements Serializable {
    public static final String HASHMAP = "hashmap";
    public static final String ROCKSDB = "rocksdb";
    /** Default watermark interval: 10 ms (Flink's 200 ms would add up to 200 ms to every alert). */
    public static final long DEFAULT_WATERMARK_INTERVAL_MILLIS = 10;
    /** Default buffer timeout: 5 ms (Flink's 100 ms would hold a quiet channel's alerts that long). */
    public static final long DEFAULT_BUFFER_TIMEOUT_MILLIS = 5;

    /** Every topic the live job reads or writes. */
    public List<String> topics() {
        List<String> all = new ArrayList<>(inputTopics);
        all.add(deadLetterTopic);
        if (alertsTopicEnabled) {
            all.add(alertsTopic);
        }
        if (rulesTopic != null) {
            all.add(rulesTopic);
        }
        return all;
    }

    public KafkaSettings {
        inputTopics = List.copyOf(inputTopics);
        properties = Map.copyOf(properties);
        if (watermarkIntervalMillis <= 0 || bufferTimeoutMillis < 0) {
            throw new IllegalArgumentException("watermarkInterval must be > 0 and bufferTimeout >= 0");
        }
    }

    /** The same settings with other bootstrap servers (e.g. from the command line). */
    public KafkaSettings withBootstrapServers(String servers) {
        Copy c = new Copy(this);
        c.bootstrapServers = servers;
        return c.build();
    }

    /** The same settings with the transactional alerts topic switched on or off. */
    public KafkaSettings withAlertsTopicEnabled(boolean enabled) {
        Copy c = new Copy(this);
        c.alertsTopicEnabled = enabled;
        return c.build();
    }

    /** The same settings with another checkpoint interval. */
    public KafkaSettings withCheckpointIntervalMillis(long millis) {
        Copy c = new Copy(this);
        c.checkpointIntervalMillis = millis;
        return c.build();
    }

    /** The same settings with checkpoints in {@code dir} and the given state backend. */
    public KafkaSettings withState(String dir, String backend) {
        Copy c = new Copy(this);
        c.checkpointDir = dir;
        c.stateBackend = backend;
        return c.build();
    }

    /** A mutable copy of every component, for the {@code with...} methods: each changes what it names. */
    private static final class Copy {
        String bootstrapServers;
        String groupId;
        List<String> inputTopics;
        String deadLetterTopic;
        String alertsTopic;
        boolean alertsTopicEnabled;
        String rulesTopic;
        Map<String, String> properties;
        long checkpointIntervalMillis;
        String checkpointDir;
        String stateBackend;
        long watermarkIntervalMillis;
        long bufferTimeoutMillis;

        Copy(KafkaSettings s) {
            bootstrapServers = s.bootstrapServers;
            groupId = s.groupId;
            inputTopics = s.inputTopics;
            deadLetterTopic = s.deadLetterTopic;
            alertsTopic = s.alertsTopic;
            alertsTopicEnabled = s.alertsTopicEnabled;
            rulesTopic = s.rulesTopic;
            properties = s.properties;
            checkpointIntervalMillis = s.checkpointIntervalMillis;
            checkpointDir = s.checkpointDir;
            stateBackend = s.stateBackend;
            watermarkIntervalMillis = s.watermarkIntervalMillis;
            bufferTimeoutMillis = s.bufferTimeoutMillis;
        }

        KafkaSettings build() {
            return new KafkaSettings(
                    bootstrapServers,
                    groupId,
                    inputTopics,
                    deadLetterTopic,
                    alertsTopic,
                    alertsTopicEnabled,
                    rulesTopic,
                    properties,
                    checkpointIntervalMillis,
                    checkpointDir,
                    stateBackend,
                    watermarkIntervalMillis,
                    bufferTimeoutMillis);
        }
    }
}
