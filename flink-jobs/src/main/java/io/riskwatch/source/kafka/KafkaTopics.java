package io.riskwatch.source.kafka;

import io.riskwatch.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The live job's topics: checked before a job is submitted (one clear error instead of a failover loop) and
 * created by {@code riskwatch topics create}.
 */
public final class KafkaTopics {
    private KafkaTopics() {}

    /** What {@link #createMissing} did with one topic. */
    public record Outcome(String topic, int partitions, boolean created) {}

    /**
     * Creates each topic of {@code partitionsByTopic} that does not exist yet, with its number of partitions
     * and the broker's default replication; leaves existing ones as they are.
     *
     * @throws ConfigException when the broker does not answer or refuses a topic
     */
    public static List<Outcome> createMissing(
            String bootstrap, Map<String, String> clientProperties, Map<String, Integer> partitionsByTopic) {
        try (Admin admin = Admin.create(adminProperties(bootstrap, clientProperties))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            List<Outcome> outcomes = new ArrayList<>();
            for (Map.Entry<String, Integer> t : partitionsByTopic.entrySet()) {
                boolean create = !existing.contains(t.getKey());
                if (create) {
                    toCreate.add(new NewTopic(t.getKey(), Optional.of(t.getValue()), Optional.empty()));
                }
                outcomes.add(new Outcome(t.getKey(), t.getValue(), create));
            }
            for (Map.Entry<String, KafkaFuture<Void>> f :
                    admin.createTopics(toCreate).values().entrySet()) {
                try {
                    f.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // created meanwhile by someone else
                        throw new ConfigException("Kafka at " + bootstrap + " refused to create topic " + f.getKey()
                                + ": " + e.getCause().getMessage());
                    }
                }
            }
            return outcomes;
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while creating the Kafka topics at " + bootstrap);
        }
    }

    private static Properties adminProperties(String bootstrap, Map<String, String> clientProperties) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        return p;
    }

    private static ConfigException unreachable(String bootstrap, Exception e) {
        return new ConfigException("Kafka at " + bootstrap + " did not answer within 30 s ("
                + (e.getCause() == null ? e : e.getCause()).getMessage()
                + "): is it running, and is kafka.properties right?");
    }

    /** @throws ConfigException naming the missing topics, or the unreachable broker */
    public static void requireExisting(String bootstrap, Map<String, String> clientProperties, List<String> topics) {
        try (Admin admin = Admin.create(adminProperties(bootstrap, clientProperties))) {
            List<String> missing = new ArrayList<>(new TreeSet<>(topics));
            // a topic created moments ago can take a little while to reach the broker answering
            for (int attempt = 0; attempt < 10 && !missing.isEmpty(); attempt++) {
                if (attempt > 0) {
                    Thread.sleep(500);
                }
                missing.removeAll(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            }
            if (!missing.isEmpty()) {
                throw new ConfigException("Kafka at " + bootstrap + " has no topic " + String.join(", ", missing)
                        + ": create the job's topics with 'riskwatch topics create' or correct kafka.topics"
                        + " in the config");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking the Kafka topics at " + bootstrap);
        }
    }
}
