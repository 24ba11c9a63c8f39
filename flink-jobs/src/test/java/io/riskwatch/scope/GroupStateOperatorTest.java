package io.riskwatch.scope;

import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.SelfTradeRule;
import io.riskwatch.model.Event;
import io.riskwatch.model.GroupFact;
import io.riskwatch.rule.Catalog;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.state.GroupHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The group operator across a restart: facts waiting for the watermark are in keyed state, and the index of their
 * instants is rebuilt from it, so each is applied once after a restore; a savepoint of the keyed process function
 * this operator replaced (a timer per group and instant) restores too.
 */
class GroupStateOperatorTest {
    private static final String S = "600519.SH";
    /** After both fills: the client operator has applied them, the group operator may not have yet. */
    private static final long AFTER = OPEN.plus(MINUTE.multipliedBy(3)).toEpochMilli();

    /** One client on both sides of one execution: a SELF_TRADE once both fills are applied in its group. */
    private static Event[] selfTrade() {
        return new Event[] {
            quote(S, "10").with("volume", "1000000").at(OPEN).build(),
            trade("A", S, "BUY", "10", 100_000)
                    .id("t1")
                    .with("matchId", "m1")
                    .at(OPEN.plus(MINUTE))
                    .build(),
            trade("A", S, "SELL", "10", 100_000)
                    .id("t2")
                    .with("matchId", "m1")
                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                    .build()
        };
    }

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).sorted().toList();
    }

    private static List<Alert> withoutRestart() throws Exception {
        try (GroupHarness h = GroupHarness.of(SelfTradeRule.DEFINITION)) {
            h.send(selfTrade());
            h.end();
            return h.alerts();
        }
    }

    @Test
    void factsWaitingAtACheckpointAreAppliedOnceAfterTheRestore() throws Exception {
        List<Alert> expected = withoutRestart();
        assertThat(expected).hasSize(1);
        try (GroupHarness h = GroupHarness.of(SelfTradeRule.DEFINITION)) {
            h.send(selfTrade());
            h.factsUpTo(AFTER);
            assertThat(h.facts()).hasSize(2);
            assertThat(h.groupsWithState(GroupStateOperator.PENDING)).isEqualTo(1);
            assertThat(h.alerts()).isEmpty();

            h.restartGroups().watermark(AFTER);
            assertThat(ids(h.alerts())).isEqualTo(ids(expected));
            assertThat(h.groupsWithState(GroupStateOperator.PENDING)).isZero();

            h.restartGroups().end(); // nothing waits now: a second restart applies nothing twice
            assertThat(ids(h.alerts())).isEqualTo(ids(expected));
            assertThat(h.groupsWithState("group-book")).isZero();
            assertThat(h.groupTimers()).isZero();
        }
    }

    @Test
    void factsJustBeforeTheWatermarkWaitAndAreAppliedWhenItPassesThem() throws Exception {
        try (GroupHarness h = GroupHarness.of(SelfTradeRule.DEFINITION)) {
            h.send(selfTrade());
            h.factsUpTo(AFTER);
            long secondFill = OPEN.plus(MINUTE.multipliedBy(2)).toEpochMilli();
            h.watermark(secondFill - 1); // the first fill is applied, the second still waits
            assertThat(h.alerts()).isEmpty();
            assertThat(h.groupsWithState(GroupStateOperator.PENDING)).isEqualTo(1);
            h.watermark(secondFill);
            assertThat(h.alerts()).hasSize(1);
            assertThat(h.groupsWithState(GroupStateOperator.PENDING)).isZero();
        }
    }

    @Test
    void aSavepointOfTheKeyedProcessFunctionBeforeRestoresAndItsInstantTimersApplyTheFacts() throws Exception {
        List<Alert> expected = withoutRestart();
        List<GroupFact> facts;
        try (GroupHarness h = GroupHarness.of(SelfTradeRule.DEFINITION)) {
            h.send(selfTrade());
            h.factsUpTo(AFTER);
            facts = h.facts();
        }
        OperatorSubtaskState savepoint;
        try (var before = harness(new KeyedProcessOperator<>(new PendingAsBefore()))) {
            before.open();
            for (GroupFact f : facts) {
                before.processElement(f, f.ts());
            }
            assertThat(before.numEventTimeTimers()).isEqualTo(2);
            savepoint = before.snapshot(1, 1);
        }
        JobSettings settings = ConfigLoader.defaults();
        List<GroupRule> rules = Catalog.of(SelfTradeRule.DEFINITION)
                .groupRules(settings.rules(), Set.of(SelfTradeRule.ID), settings.ruleEnvironment());
        try (var after = harness(new GroupStateOperator(settings.zone(), rules))) {
            after.initializeState(savepoint);
            after.open();
            after.processWatermark(Long.MAX_VALUE);
            assertThat(ids(after.extractOutputValues())).isEqualTo(ids(expected));
            assertThat(after.numEventTimeTimers()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, GroupFact, Alert> harness(
            OneInputStreamOperator<GroupFact, Alert> operator) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator, GroupFact::groupId, Types.STRING);
    }

    /** How the group operator held facts before 2026-12-06: the same keyed state, and a timer per instant. */
    private static final class PendingAsBefore extends KeyedProcessFunction<String, GroupFact, Alert> {
        private transient MapState<Long, List<GroupFact>> pending;

        @Override
        public void open(OpenContext openContext) {
            pending = getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>(
                            GroupStateOperator.PENDING,
                            Types.LONG,
                            new ListTypeInfo<>(TypeInformation.of(GroupFact.class))));
        }

        @Override
        public void processElement(GroupFact f, Context ctx, Collector<Alert> out) throws Exception {
            List<GroupFact> at = pending.get(f.ts());
            if (at == null) {
                at = new ArrayList<>(2);
                ctx.timerService().registerEventTimeTimer(f.ts());
            }
            at.add(f);
            pending.put(f.ts(), at);
        }
    }
}
