package io.riskwatch.state;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.model.Event;
import io.riskwatch.rule.Catalog;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.RuleEnvironment;
import io.riskwatch.rule.SequenceRule;
import io.riskwatch.scope.ClientStateFunction;
import io.riskwatch.testing.EvidenceCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.operator.CepStateProbe;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * A sequence rule as the job wires it, without a cluster: the client operator (ordering, dedup, book) emitting the
 * rule's facts, and the rule's CEP operator fed with them and with the same watermarks. For rules whose matches
 * are their alerts.
 */
public final class SequenceHarness implements AutoCloseable {
    private final ClientHarness clients;
    private final SequenceRule<Object, Alert> rule;
    private final CepOperator<Object, String, Alert> cep;
    private final KeyedOneInputStreamOperatorTestHarness<String, Object, Alert> sequence;

    /** The rule's sequence part with the embedded rules file's settings. */
    public static SequenceHarness of(RuleDefinition<?> definition) throws Exception {
        JobSettings settings = ConfigLoader.defaults();
        RuleEnvironment env = settings.ruleEnvironment();
        SequenceRule<?, ?> rule = Catalog.of(definition)
                .sequenceRules(settings.rules(), Set.of(definition.id()), env)
                .get(0);
        return new SequenceHarness(settings, rule);
    }

    @SuppressWarnings("unchecked")
    public SequenceHarness(JobSettings settings, SequenceRule<?, ?> anyRule) throws Exception {
        this.rule = (SequenceRule<Object, Alert>) anyRule;
        if (rule.then() != null) {
            throw new IllegalArgumentException(rule.id() + " has a step after its matches: not for this harness");
        }
        clients = ClientHarness.emitting(settings, Set.of(rule.input()));
        Pattern<Object, Object> pattern = rule.pattern();
        TypeInformation<Object> factType =
                (TypeInformation<Object>) TypeInformation.of(rule.input().type());
        cep = new CepOperator<>(
                factType.createSerializer(new SerializerConfigImpl()),
                false,
                NFACompiler.compileFactory(pattern, false),
                null,
                pattern.getAfterMatchSkipStrategy(),
                rule.process(),
                null);
        sequence = new KeyedOneInputStreamOperatorTestHarness<>(cep, rule.key(), Types.STRING);
        sequence.open();
    }

    /** Sends events to the client operator as they arrive. */
    public SequenceHarness send(Event... events) throws Exception {
        clients.send(events);
        return this;
    }

    /** Moves both operators' watermark: facts the client operator applied by then reach the CEP operator first. */
    public SequenceHarness watermark(long ts) throws Exception {
        clients.watermark(ts);
        Queue<StreamRecord<?>> facts = (Queue<StreamRecord<?>>)
                (Queue<?>) clients.harness.getSideOutput(ClientStateFunction.facts(rule.input()));
        if (facts != null) {
            for (StreamRecord<?> f; (f = facts.poll()) != null; ) {
                sequence.processElement(f.getValue(), f.getTimestamp());
            }
        }
        sequence.processWatermark(ts);
        return this;
    }

    /** Ends the input: every timer fires, every candidate times out. */
    public SequenceHarness end() throws Exception {
        return watermark(Long.MAX_VALUE);
    }

    public List<Alert> alerts() {
        return EvidenceCheck.checked(new ArrayList<>(sequence.extractOutputValues()));
    }

    /** Does the CEP operator hold partial matches or buffered facts of this key? */
    public boolean holdsState(String key) throws Exception {
        return CepStateProbe.holdsState(cep, key);
    }

    @Override
    public void close() throws Exception {
        sequence.close();
        clients.close();
    }
}
