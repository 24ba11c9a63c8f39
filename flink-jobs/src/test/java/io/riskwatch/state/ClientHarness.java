package io.riskwatch.state;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.parse.DeadLetters;
import io.riskwatch.rule.Catalog;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.Facts;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.scope.ClientStateFunction;
import io.riskwatch.testing.EvidenceCheck;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/** The client operator in a test harness: feed events (quotes go to the broadcast side), move the watermark. */
public final class ClientHarness implements AutoCloseable {
    // close() may throw InterruptedException through Flink's harness; tests declare throws Exception
    public final KeyedBroadcastOperatorTestHarness<String, Event, Event, Alert> harness;

    /** The client parts of these rules with the embedded rules file's settings. */
    public static ClientHarness of(RuleDefinition<?>... rules) throws Exception {
        return of(ConfigLoader.defaults(), rules);
    }

    /** The client parts of these rules with the settings' rules file. */
    public static ClientHarness of(JobSettings settings, RuleDefinition<?>... rules) throws Exception {
        return new ClientHarness(settings, clientParts(settings, rules));
    }

    /** The client parts of these rules as the catalog builds them. */
    public static List<ClientRule> clientParts(JobSettings settings, RuleDefinition<?>... rules) {
        Set<String> ids = new LinkedHashSet<>();
        for (RuleDefinition<?> r : rules) {
            ids.add(r.id());
        }
        return Catalog.of(rules).clientRules(settings.rules(), ids, settings.ruleEnvironment());
    }

    public ClientHarness(List<ClientRule> rules) throws Exception {
        this(ConfigLoader.defaults(), rules);
    }

    public ClientHarness(JobSettings settings, List<ClientRule> rules) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ClientStateFunction(settings, rules), Event::key, Types.STRING, ClientStateFunction.SYMBOLS);
    }

    /** No client rules; emits these facts (the input of sequence rules) to their side outputs. */
    public static ClientHarness emitting(JobSettings settings, Set<Facts> facts) throws Exception {
        return emitting(settings, facts, 0);
    }

    /** The same, keeping quotes {@code quoteLookbackMillis} behind event time (group facts' quote before). */
    public static ClientHarness emitting(JobSettings settings, Set<Facts> facts, long quoteLookbackMillis)
            throws Exception {
        return new ClientHarness(ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ClientStateFunction(settings, List.of(), facts, null, quoteLookbackMillis),
                Event::key,
                Types.STRING,
                ClientStateFunction.SYMBOLS));
    }

    private ClientHarness(KeyedBroadcastOperatorTestHarness<String, Event, Event, Alert> harness) {
        this.harness = harness;
    }

    /** With live rule changes: {@code RULES} events (broadcast side) build the {@code selected} rules anew. */
    public ClientHarness(JobSettings settings, List<ClientRule> rules, Set<String> selected) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ClientStateFunction(settings, rules, Set.of(), selected),
                Event::key,
                Types.STRING,
                ClientStateFunction.SYMBOLS,
                ClientStateFunction.RULES);
    }

    /** Sends events as they arrive: client events keyed, quotes and RULES broadcast (as the job wires them). */
    public ClientHarness send(Event... events) throws Exception {
        for (Event e : events) {
            if (e.type().clientKeyed()) {
                harness.processElement(e, e.ts());
            } else {
                harness.processBroadcastElement(e, e.ts());
            }
        }
        return this;
    }

    public ClientHarness watermark(long ts) throws Exception {
        harness.processWatermark(ts);
        harness.processBroadcastWatermark(ts);
        return this;
    }

    /** Ends the input: every timer fires. */
    public ClientHarness end() throws Exception {
        return watermark(Long.MAX_VALUE);
    }

    public List<Alert> alerts() {
        return EvidenceCheck.checked(harness.extractOutputValues());
    }

    public List<DeadLetter> deadLetters() {
        var out = harness.getSideOutput(DeadLetters.TAG);
        return out == null
                ? List.of()
                : out.stream().map(StreamRecord::getValue).toList();
    }

    public int timers() {
        return harness.numEventTimeTimers();
    }

    /** Keyed state entries over all keys and states (a client's book is one). */
    public int keyedStateEntries() {
        var backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    /** How many clients hold the named keyed state (a rule's own state: zero after its window has passed). */
    public long keysWithState(String stateName) throws Exception {
        var backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        try (var keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** The alerts' first evidence ids, in emission order. */
    public List<String> firstEvidence() {
        return alerts().stream().map(a -> a.evidence().get(0)).toList();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
