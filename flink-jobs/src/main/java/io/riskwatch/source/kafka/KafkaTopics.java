package io.riskwatch.source.kafka;

import io.riskwatch.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Checks before submitting a live job that its topics exist: one clear error instead of a failover loop. */
public final class KafkaTopics {
    private KafkaTopics() {}

    /** @throws ConfigException naming the missing topics, or the unreachable broker */
    public static void requireExisting(String bootstrap, Map<String, String> clientProperties, List<String> topics) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(p)) {
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
                        + ": create it (docs/deployment.md lists them) or correct kafka.topics in the config");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("Kafka at " + bootstrap + " did not answer within 30 s ("
                    + (e.getCause() == null ? e : e.getCause()).getMessage() + "): is it running, and is kafka.properties right?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking the Kafka topics at " + bootstrap);
        }
    }
}
