package io.riskwatch.rule;

import io.riskwatch.alert.Alert;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * A rule that is a sequence: a Flink CEP pattern (named conditions, an explicit after-match skip strategy) over
 * one fact stream of its scope, in event time, keyed by {@link #key()}. The topology wires it from its
 * definition: {@code facts -> keyBy(key) -> CEP(pattern).inEventTime() -> process} and, when {@link #then()} is
 * set, a keyed step over the matches (e.g. a count per day) that emits the alerts.
 *
 * @param <F> the fact type ({@link Facts#type()})
 * @param <M> what a match becomes: an {@link Alert}, or the input of {@link #then()}
 */
public interface SequenceRule<F, M> extends Serializable {
    /** The contract's rule id. */
    String id();

    /** Which ordered facts of its scope the pattern reads. */
    Facts input();

    /** What the pattern is "per", e.g. client and direction. */
    KeySelector<F, String> key();

    Pattern<F, F> pattern();

    PatternProcessFunction<F, M> process();

    TypeInformation<M> matchType();

    /** The CEP operator's stable uid (savepoints). */
    String uid();

    /** A keyed step over the matches that emits the alerts, or null when the matches are the alerts. */
    default Then<M> then() {
        return null;
    }

    /** The step after the matches: its key, its function and its stable uid. */
    record Then<M>(KeySelector<M, String> key, KeyedProcessFunction<String, M, Alert> function, String name, String uid)
            implements Serializable {}
}
