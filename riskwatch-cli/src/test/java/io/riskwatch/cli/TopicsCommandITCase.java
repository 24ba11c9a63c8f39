package io.riskwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.testing.InProcessKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** {@code riskwatch topics create} against a real broker: every topic of the config, once, with its partitions. */
class TopicsCommandITCase {

    @Test
    void createsTheMissingTopicsWithTheirPartitionsAndLeavesExistingOnesAlone() throws Exception {
        try (InProcessKafka kafka = new InProcessKafka()) {
            kafka.createTopics(List.of("riskwatch.quotes"), 1); // exists before: kept with its 1 partition
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = Riskwatch.execute(
                    new String[] {"topics", "create", "--kafka", kafka.bootstrapServers(), "--partitions", "3"},
                    new PrintWriter(out, true),
                    new PrintWriter(err, true));
            assertThat(rc).as(err.toString()).isZero();
            assertThat(out.toString())
                    .contains(
                            "riskwatch.funds          created, 3 partition(s)",
                            "riskwatch.quotes         exists",
                            "riskwatch.rules          created, 1 partition(s)");

            Map<String, Integer> partitions = new TreeMap<>();
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                for (TopicDescription d : admin.describeTopics(
                                admin.listTopics().names().get())
                        .allTopicNames()
                        .get()
                        .values()) {
                    partitions.put(d.name(), d.partitions().size());
                }
            }
            assertThat(partitions)
                    .isEqualTo(Map.of(
                            "riskwatch.funds",
                            3,
                            "riskwatch.orders",
                            3,
                            "riskwatch.quotes",
                            1,
                            "riskwatch.reference",
                            3,
                            "riskwatch.dead-letters",
                            3,
                            "riskwatch.alerts",
                            3,
                            "riskwatch.rules",
                            1));

            StringWriter again = new StringWriter();
            assertThat(Riskwatch.execute(
                            new String[] {"topics", "create", "--kafka", kafka.bootstrapServers()},
                            new PrintWriter(again, true),
                            new PrintWriter(err, true)))
                    .isZero();
            assertThat(again.toString().lines()).hasSize(7).allMatch(l -> l.endsWith("exists"));
        }
    }
}
