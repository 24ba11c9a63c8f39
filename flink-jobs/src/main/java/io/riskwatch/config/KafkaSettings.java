package io.riskwatch.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Live mode's Kafka settings ({@code kafka} and {@code checkpoint} in {@code riskwatch.yaml}).
 *
 * @param inputTopics funds, orders, quotes, reference
 * @param properties Kafka client properties passed through (security settings and the like)
 */
public record KafkaSettings(String bootstrapServers, String groupId, List<String> inputTopics, String deadLetterTopic,
        String alertsTopic, boolean alertsTopicEnabled, String rulesTopic, Map<String, String> properties,
        long checkpointIntervalMillis) implements Serializable {
    public KafkaSettings {
        inputTopics = List.copyOf(inputTopics);
        properties = Map.copyOf(properties);
    }

    /** The same settings with other bootstrap servers (e.g. from the command line). */
    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, groupId, inputTopics, deadLetterTopic, alertsTopic, alertsTopicEnabled,
                rulesTopic, properties, checkpointIntervalMillis);
    }

    /** The same settings with the transactional alerts topic switched on or off. */
    public KafkaSettings withAlertsTopicEnabled(boolean enabled) {
        return new KafkaSettings(bootstrapServers, groupId, inputTopics, deadLetterTopic, alertsTopic, enabled,
                rulesTopic, properties, checkpointIntervalMillis);
    }

    /** The same settings with another checkpoint interval. */
    public KafkaSettings withCheckpointIntervalMillis(long millis) {
        return new KafkaSettings(bootstrapServers, groupId, inputTopics, deadLetterTopic, alertsTopic,
                alertsTopicEnabled, rulesTopic, properties, millis);
    }
}
