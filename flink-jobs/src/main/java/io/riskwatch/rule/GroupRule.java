package io.riskwatch.rule;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.GroupFact;
import io.riskwatch.state.GroupView;
import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * A rule evaluated per linked-account group (contract 7.1), inside the group operator: it sees the orders, cancels
 * and trades of the group's members in group processing order, with the market data at each. Its state is per
 * group and trading day: it creates it in {@link #open} and drops it in {@link #dayEnded}.
 */
public interface GroupRule extends Serializable {
    /** The contract's rule id (its definition's). */
    String id();

    default void open(RuntimeContext context) {}

    /**
     * How far before a trade the rule needs the quote ({@link GroupFact#quoteBefore()}); 0 when it needs none.
     * The client operator keeps quotes that far behind event time.
     */
    default long quoteLookbackMillis() {
        return 0;
    }

    /** Does it read self-matches ({@link GroupView#selfMatch()})? The group operator pairs trades only then. */
    default boolean readsSelfMatches() {
        return false;
    }

    /** Does it read the group's open orders ({@code GroupBook.openOrders})? The group operator keeps them only then. */
    default boolean readsOpenOrders() {
        return false;
    }

    /** Called for every fact of the group (not for lifecycle updates), after the group's book was moved by it. */
    void onFact(GroupFact fact, GroupView group, Consumer<Alert> alerts) throws Exception;

    /**
     * Called at every timer of the group (a wake-up asked for with {@code GroupView.wakeAt}, an instant with facts,
     * the day's end), before that instant's facts: drop what has expired by {@code ts}; cheap when you hold nothing.
     * An instant that is both a wake-up and an instant with facts may call it twice: dropping must be idempotent.
     */
    default void onTimer(long ts, GroupView group) throws Exception {}

    /** The group's trading day {@code epochDay} has ended: drop the rule's state of the current group. */
    void dayEnded(long epochDay) throws Exception;
}
