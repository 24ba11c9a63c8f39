package io.riskwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.LargeTransferRule;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.detect.StructuringRule;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.model.Tier;
import io.riskwatch.parse.EventParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The topology on its own: records from {@code fromData}, alerts and dead letters collected, every test on one
 * shared MiniCluster. The rules' boundaries are their harness tests' business; here the wiring: a keyed client
 * rule, a CEP sequence rule fed by the client operator's facts, the rule selection, and dead letters.
 */
class RiskTopologyITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final JobSettings SETTINGS = ConfigLoader.defaults();
    private static final BigDecimal LARGE =
            SETTINGS.rules().settings(LargeTransferRule.DEFINITION).threshold().forTier(Tier.STANDARD);
    /** Just under LARGE_TRANSFER's threshold and within STRUCTURING's band. */
    private static final BigDecimal UNDER = LARGE.subtract(BigDecimal.ONE);

    private static final List<String> LINES = List.of(
            """
            {"type":"client","eventId":"c-1","ts":"2026-11-20T08:30:00.000+08:00","clientId":"C1",\
            "tier":"STANDARD","riskProfile":"BALANCED","brokerId":"B1"}""",
            transfer("t-1", "09:31:00", UNDER),
            transfer("t-2", "09:32:00", UNDER),
            transfer("t-3", "09:33:00", UNDER),
            transfer("t-4", "09:34:00", LARGE),
            "{\"type\":\"transfer\",\"eventId\":\"t-5\"",
            transfer("t-6", "09:36:00", UNDER));

    private static String transfer(String id, String time, BigDecimal amount) {
        return "{\"type\":\"transfer\",\"eventId\":\"" + id + "\",\"ts\":\"2026-11-20T" + time + ".000+08:00\","
                + "\"clientId\":\"C1\",\"direction\":\"IN\",\"amount\":" + amount.toPlainString() + "}";
    }

    private record Run(List<Alert> alerts, List<DeadLetter> deadLetters) {}

    private static Run run(Set<String> rules, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        EventParser parser = new EventParser();
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < LINES.size(); i++) {
            records.add(parser.parse(LINES.get(i), "test:" + (i + 1)));
        }
        DataStream<SourceRecord> input = env.fromData(records)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(ReplayJob.fileWatermarks())
                .setParallelism(1);
        RiskTopology.Outputs out = RiskTopology.build(input, RiskTopology.Spec.of(SETTINGS, rules));
        List<Alert> alerts = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (CloseableIterator<Alert> a = out.alerts().collectAsync();
                CloseableIterator<DeadLetter> d = out.deadLetters().collectAsync()) {
            env.execute("topology test");
            a.forEachRemaining(alerts::add);
            d.forEachRemaining(dead::add);
        }
        alerts.sort((x, y) -> x.alertId().compareTo(y.alertId()));
        return new Run(alerts, dead);
    }

    @Test
    void aKeyedRuleAndASequenceRuleRaiseTheirAlertsAndABadLineIsDeadLettered() throws Exception {
        Run run = run(RuleCatalog.RULES.ids(), 2);

        assertThat(run.alerts())
                .filteredOn(a -> a.rule().equals(LargeTransferRule.ID))
                .singleElement()
                .satisfies(a -> assertThat(a.evidence()).containsExactly("t-4"));
        // three qualifying transfers, used up at the third; t-6 alone starts a new candidate
        assertThat(run.alerts())
                .filteredOn(a -> a.rule().equals(StructuringRule.ID))
                .singleElement()
                .satisfies(a -> assertThat(a.evidence()).containsExactly("t-1", "t-2", "t-3"));
        assertThat(run.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("malformed_json");
            assertThat(d.source()).isEqualTo("test:6");
        });
    }

    @Test
    void onlyTheSelectedRulesRunAndParallelismChangesNothing() throws Exception {
        Run one = run(Set.of(StructuringRule.ID), 1);
        Run two = run(Set.of(StructuringRule.ID), 2);

        assertThat(one.alerts()).extracting(Alert::rule).containsExactly(StructuringRule.ID);
        assertThat(two.alerts()).isEqualTo(one.alerts());
    }
}
