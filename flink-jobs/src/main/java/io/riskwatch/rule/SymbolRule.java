package io.riskwatch.rule;

import io.riskwatch.model.Event;
import java.io.Serializable;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * The symbol half of a {@link RuleScope#SYMBOL} rule, inside the symbol operator: sees each quote of one symbol in
 * processing order and may hand an event ({@code HOLDER_CHECK}) to each holder's client operator, where the
 * rule's {@link ClientRule} half judges it with the client's book at that quote. A rule that needs its own keyed
 * state creates it in {@link #open} and bounds it in time.
 */
public interface SymbolRule extends Serializable {
    /** The contract's rule id. */
    String id();

    default void open(RuntimeContext context) {}

    /**
     * @param holders the symbol's holders at this quote: clientId -> quantity (> 0)
     * @param toHolders sends an event to one holder's client operator (keyed by the event's client)
     */
    void onQuote(Event quote, Iterable<Map.Entry<String, Long>> holders, Consumer<Event> toHolders) throws Exception;
}
