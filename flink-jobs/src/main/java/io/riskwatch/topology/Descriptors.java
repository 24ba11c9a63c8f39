package io.riskwatch.topology;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.RulesUpdate;
import io.riskwatch.model.TradeFact;
import io.riskwatch.model.TransferFact;
import io.riskwatch.rule.Facts;
import io.riskwatch.route.SuppressedAlert;
import io.riskwatch.state.SymbolHistory;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** The one home of side-output tags, broadcast descriptors, operator uids and counter names. */
public final class Descriptors {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    /** Trades in processing order with the client's tier and broker at that moment: the input of CEP rules. */
    public static final OutputTag<TradeFact> TRADES = new OutputTag<>("trades", TypeInformation.of(TradeFact.class));
    /** Transfers in processing order with the client's tier and broker at that moment: the input of CEP rules. */
    public static final OutputTag<TransferFact> TRANSFERS =
            new OutputTag<>("transfers", TypeInformation.of(TransferFact.class));
    /** Alerts the route stage held back (duplicate id, cooldown), with the reason. */
    public static final OutputTag<SuppressedAlert> SUPPRESSED =
            new OutputTag<>("suppressed", TypeInformation.of(SuppressedAlert.class));
    /** Copies of trades and position snapshots for the symbol operator's holder index (HOLDING_TURNING_POINT). */
    public static final OutputTag<Event> HOLDINGS = new OutputTag<>("holdings", TypeInformation.of(Event.class));
    /** From the symbol operator at a turning point: one HOLDER_CHECK per holder, to the client operator. */
    public static final OutputTag<Event> HOLDER_CHECKS =
            new OutputTag<>("holder-checks", TypeInformation.of(Event.class));
    public static final OutputTag<Event> SYMBOL_EVENTS = new OutputTag<>("symbol-events", TypeInformation.of(Event.class));

    /** Per symbol, the recent quotes and security records, broadcast to every client operator instance. */
    public static final MapStateDescriptor<String, SymbolHistory> SYMBOLS =
            new MapStateDescriptor<>("symbols", Types.STRING, TypeInformation.of(SymbolHistory.class));

    /** Rules versions in force from their effective event time (key), broadcast to every client operator. */
    public static final MapStateDescriptor<Long, RulesUpdate> RULES =
            new MapStateDescriptor<>("rules", Types.LONG, TypeInformation.of(RulesUpdate.class));

    public static final String UID_SOURCE = "source";
    public static final String UID_RULES_SOURCE = "rules-source";
    public static final String UID_RULES_VALIDATE = "rules-validate";
    public static final String UID_RULES_STATUS_SINK = "rules-status-sink";
    public static final String UID_ROUTE = "route-parsed";
    public static final String UID_SYMBOL_STATE = "symbol-state";
    public static final String UID_CLIENT_STATE = "client-state";
    public static final String UID_SUPPRESS = "route-suppress";
    public static final String UID_RUNAWAY_GUARD = "route-runaway-guard";
    public static final String UID_SUPPRESSED_SINK = "suppressed-sink";
    public static final String UID_HELD_BACK_SINK = "held-back-sink";
    public static final String UID_NOTIFY_SINK = "alerts-notify-sink";
    public static final String UID_ALERT_SINK = "alerts-sink";
    public static final String UID_REDIS_SINK = "alerts-redis-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letters-sink";
    public static final String UID_COUNT_DEAD_LETTERS = "count-dead-letters";

    /** Accumulators: records read from the sources; events applied (not dead-lettered) by keyed operators. */
    public static final String COUNTER_READ = "records-read";
    public static final String COUNTER_PROCESSED = "events-processed";
    /** Clients whose book the client operator started (a client's first event of any kind). */
    public static final String COUNTER_CLIENTS = "clients-tracked";

    private Descriptors() {}

    /** The side output of the client operator that carries one kind of facts. */
    public static OutputTag<?> facts(Facts facts) {
        return switch (facts) {
            case TRADES -> TRADES;
            case TRANSFERS -> TRANSFERS;
        };
    }
}
