package io.riskwatch.topology;

/**
 * The stable uid of every stateful operator and sink: savepoints map state to operators by these. Never change
 * one of an operator whose state must survive an upgrade. Side-output tags, broadcast descriptors and counter
 * names live beside the functions that emit them (e.g. {@code FanOut.SYMBOL_EVENTS},
 * {@code ClientStateFunction.SYMBOLS}); a sequence rule names its own operators' uids.
 */
public final class OperatorUids {
    public static final String UID_SOURCE = "source";
    public static final String UID_RULES_SOURCE = "rules-source";
    public static final String UID_RULES_VALIDATE = "rules-validate";
    public static final String UID_RULES_STATUS_SINK = "rules-status-sink";
    /** The fan-out after parsing (its uid predates the name). */
    public static final String UID_FAN_OUT = "route-parsed";

    public static final String UID_SYMBOL_STATE = "symbol-state";
    public static final String UID_CLIENT_STATE = "client-state";
    public static final String UID_GROUP_STATE = "group-state";
    public static final String UID_SUPPRESS = "route-suppress";
    public static final String UID_RUNAWAY_GUARD = "route-runaway-guard";
    public static final String UID_SUPPRESSED_SINK = "suppressed-sink";
    public static final String UID_HELD_BACK_SINK = "held-back-sink";
    public static final String UID_NOTIFY_SINK = "alerts-notify-sink";
    public static final String UID_ALERT_SINK = "alerts-sink";
    public static final String UID_REDIS_SINK = "alerts-redis-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letters-sink";
    public static final String UID_COUNT_DEAD_LETTERS = "count-dead-letters";

    private OperatorUids() {}
}
