package io.riskwatch.state;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.model.Event;
import io.riskwatch.model.GroupFact;
import io.riskwatch.rule.Catalog;
import io.riskwatch.rule.Facts;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.scope.ClientStateFunction;
import io.riskwatch.scope.GroupStateOperator;
import io.riskwatch.testing.EvidenceCheck;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Group rules as the job wires them, without a cluster: the client operator (ordering, dedup, book, order
 * lifecycle) emitting group facts, and the group operator fed with them and with the same watermarks.
 */
public final class GroupHarness implements AutoCloseable {
    private final ClientHarness clients;
    private final JobSettings settings;
    private final List<GroupRule> rules;
    private KeyedOneInputStreamOperatorTestHarness<String, GroupFact, Alert> groups;
    private final List<Alert> alertsBeforeRestart = new ArrayList<>();
    private long checkpoints;
    private final List<GroupFact> facts = new ArrayList<>();

    /** The group parts of these rules with the embedded rules file's settings. */
    public static GroupHarness of(RuleDefinition<?>... rules) throws Exception {
        return of(ConfigLoader.defaults(), rules);
    }

    public static GroupHarness of(JobSettings settings, RuleDefinition<?>... rules) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (RuleDefinition<?> r : rules) {
            ids.add(r.id());
        }
        List<GroupRule> parts = Catalog.of(rules).groupRules(settings.rules(), ids, settings.ruleEnvironment());
        return new GroupHarness(settings, parts);
    }

    public GroupHarness(JobSettings settings, List<GroupRule> rules) throws Exception {
        long lookback =
                rules.stream().mapToLong(GroupRule::quoteLookbackMillis).max().orElse(0);
        this.settings = settings;
        this.rules = rules;
        clients = ClientHarness.emitting(settings, Set.of(Facts.GROUP), lookback);
        groups = groupOperator();
        groups.open();
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GroupFact, Alert> groupOperator() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new GroupStateOperator(settings.zone(), rules), GroupFact::groupId, Types.STRING);
    }

    /** Sends events to the client operator as they arrive. */
    public GroupHarness send(Event... events) throws Exception {
        clients.send(events);
        return this;
    }

    /** Moves both operators' watermark: the facts the client operator applied by then reach the group operator. */
    public GroupHarness watermark(long ts) throws Exception {
        factsUpTo(ts);
        groups.processWatermark(ts);
        return this;
    }

    /**
     * Moves the client operator's watermark only: the facts it applied by then reach the group operator and wait
     * there, as when another client subtask lags behind.
     */
    public GroupHarness factsUpTo(long ts) throws Exception {
        clients.watermark(ts);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Queue<StreamRecord<GroupFact>> out = (Queue) clients.harness.getSideOutput(ClientStateFunction.GROUP_FACTS);
        if (out != null) {
            for (StreamRecord<GroupFact> f; (f = out.poll()) != null; ) {
                facts.add(f.getValue());
                groups.processElement(f.getValue(), f.getTimestamp());
            }
        }
        return this;
    }

    /**
     * A restart of the group operator: a checkpoint of it, then a new instance restored from that checkpoint in its
     * place (what it had emitted is kept in {@link #alerts}).
     */
    public GroupHarness restartGroups() throws Exception {
        var snapshot = groups.snapshot(++checkpoints, checkpoints);
        alertsBeforeRestart.addAll(groups.extractOutputValues());
        groups.close();
        groups = groupOperator();
        groups.initializeState(snapshot);
        groups.open();
        return this;
    }

    /** Ends the input: every timer fires (days end, state goes). */
    public GroupHarness end() throws Exception {
        return watermark(Long.MAX_VALUE);
    }

    public List<Alert> alerts() {
        List<Alert> all = new ArrayList<>(alertsBeforeRestart);
        all.addAll(groups.extractOutputValues());
        return EvidenceCheck.checked(all);
    }

    /** Every group fact the client operator emitted so far, in emission order. */
    public List<GroupFact> facts() {
        return List.copyOf(facts);
    }

    /** How many groups hold the named keyed state of the group operator (a rule's, the book, the pending facts). */
    public long groupsWithState(String stateName) throws Exception {
        var backend = ((AbstractStreamOperator<?>) groups.getOperator()).getKeyedStateBackend();
        try (var keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** How many clients hold the named keyed state of the client operator (e.g. their open orders). */
    public long clientsWithState(String stateName) throws Exception {
        return clients.keysWithState(stateName);
    }

    public int groupTimers() {
        return groups.numEventTimeTimers();
    }

    @Override
    public void close() throws Exception {
        groups.close();
        clients.close();
    }
}
