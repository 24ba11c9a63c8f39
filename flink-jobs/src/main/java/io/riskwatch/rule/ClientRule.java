package io.riskwatch.rule;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.Event;
import io.riskwatch.state.ClientView;
import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * A rule evaluated on one client's events in processing order, inside the client operator. A rule that needs
 * its own keyed state creates it in {@link #open}; it must clear that state (timer or TTL) once its window
 * has passed.
 */
public interface ClientRule extends Serializable {
    /** The contract's rule id (its definition's). */
    String id();

    default void open(RuntimeContext context) {}

    /** Called for every client event after the client's book has been moved by it. */
    void onEvent(Event event, ClientView client, Consumer<Alert> alerts) throws Exception;

    /**
     * Called when a wake-up this rule asked for ({@code ClientView.wakeAt}) is due, after the events at that
     * instant were applied. Only the rules that asked are woken, but a rule whose bit another rule shares is woken
     * with it: act only on your own expired state, and ask for a wake-up for whatever you must clean up later
     * (nothing else calls this).
     */
    default void onTimer(long ts, ClientView client, Consumer<Alert> alerts) throws Exception {}
}
