package io.riskwatch.topology;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.JobSettings;
import io.riskwatch.config.KafkaSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.CountDeadLetters;
import io.riskwatch.parse.DeadLetters;
import io.riskwatch.parse.FanOut;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.Facts;
import io.riskwatch.rule.GroupRule;
import io.riskwatch.rule.RuleEnvironment;
import io.riskwatch.rule.SequenceRule;
import io.riskwatch.rule.SymbolRule;
import io.riskwatch.scope.ClientStateFunction;
import io.riskwatch.scope.GroupStateOperator;
import io.riskwatch.scope.SymbolStateFunction;
import io.riskwatch.state.Interned;
import io.riskwatch.suppress.RunawayGuard;
import io.riskwatch.suppress.SuppressAlerts;
import io.riskwatch.suppress.SuppressedAlert;
import io.riskwatch.wire.WireTypes;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The ONE place operators are wired. It takes the parsed records of any source (with timestamps and
 * watermarks already assigned) and returns the alerts and dead letters, so tests pass a file source and a
 * collecting sink while production passes Kafka and Redis.
 *
 * <pre>
 * records -> fan out -> [client events] keyBy clientId -------> client-state (order, dedup, book, client rules)
 *                                                                  |-> alerts
 *                                                                  |-> [facts: trades, transfers] keyBy the rule's key
 *                                                                        -> CEP (sequence rule) [-> its step] -> alerts
 *                  -> [quotes, securities] keyBy symbol -> symbol-state (order, dedup, symbol rules) --broadcast--^
 * rules topic -> validate (one instance) -> [RULES: a valid version at its effective time] --broadcast--^
 *                  -> [copies of trades, positions] --^ (holder index, trend)  --[HOLDER_CHECK per holder at a
 *                                                                                turning point] keyBy clientId --^
 *          client-state -> [group facts: orders, cancels, trades with the group in force] keyBy groupId
 *                                -> group-state (group order, lifecycle, self-matches, group rules) -> alerts
 *                  -> [dead letters] -----------------------------------------------------------------> dead letters
 * alerts -> keyBy rule|client -> suppress: dedupe, cooldown (event time) -> keyBy rule -> runaway guard
 *                                   -> [suppressed, with the reason]            -> delivered alerts
 *                                                                               -> [held back] + one RUNAWAY_RULE alert
 * </pre>
 */
public final class RiskTopology {
    /** What the topology produces. */
    public record Outputs(
            DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters, DataStream<SuppressedAlert> suppressed) {}

    /**
     * What to build.
     *
     * @param selected the rule ids to run (those enabled in the rules file run)
     * @param rulesUpdates validated versions of the rules file ({@code RULES} events) broadcast to the client
     *     operator, which builds the selected rules' client parts anew; null: the rules are those of the start
     * @param variant "" for the job's one topology; a name (e.g. {@code candidate}) when one job runs several
     *     versions of the rules over the same records (backtest): it prefixes every operator's uid and name.
     *     Flink sums accumulators of the same name, so each counter then counts once per variant.
     */
    public record Spec(JobSettings settings, Set<String> selected, DataStream<Event> rulesUpdates, String variant) {
        /** Every selected rule on the records, rules fixed at start, no variant. */
        public static Spec of(JobSettings settings, Set<String> selected) {
            return new Spec(settings, Set.copyOf(selected), null, "");
        }

        public Spec withRulesUpdates(DataStream<Event> updates) {
            return new Spec(settings, selected, updates, variant);
        }

        public Spec withVariant(String name) {
            return new Spec(settings, selected, rulesUpdates, name);
        }
    }

    private RiskTopology() {}

    /** The client key, one instance per client in the JVM (see {@link Interned}). */
    static String clientKey(Event e) {
        return Interned.clientId(e.key());
    }

    /** The symbol key, interned (see {@link #clientKey}). */
    static String symbolKey(Event e) {
        return Interned.code(e.symbol());
    }

    /** The group key, interned like the client key (a one-client group is named by its clientId). */
    static String groupKey(GroupFact f) {
        return Interned.clientId(f.groupId());
    }

    /** The ids of the rules a spec runs (selected and enabled), in catalog order. */
    public static List<String> running(Spec spec) {
        return RuleCatalog.RULES.running(spec.settings().rules(), spec.selected()).stream()
                .map(d -> d.id())
                .toList();
    }

    public static Outputs build(DataStream<SourceRecord> records, Spec spec) {
        JobSettings settings = spec.settings();
        String u = spec.variant().isEmpty() ? "" : spec.variant() + "/";
        RuleEnvironment env = settings.ruleEnvironment();
        List<ClientRule> clientRules = RuleCatalog.RULES.clientRules(settings.rules(), spec.selected(), env);
        List<SymbolRule> symbolRules = RuleCatalog.RULES.symbolRules(settings.rules(), spec.selected(), env);
        List<SequenceRule<?, ?>> sequenceRules =
                RuleCatalog.RULES.sequenceRules(settings.rules(), spec.selected(), env);
        List<GroupRule> groupRules = RuleCatalog.RULES.groupRules(settings.rules(), spec.selected(), env);
        boolean holders = !symbolRules.isEmpty();
        Set<Facts> facts = EnumSet.noneOf(Facts.class);
        sequenceRules.forEach(r -> facts.add(r.input()));
        if (!groupRules.isEmpty()) {
            facts.add(Facts.GROUP);
        }
        long quoteLookback = groupRules.stream()
                .mapToLong(GroupRule::quoteLookbackMillis)
                .max()
                .orElse(0);

        SingleOutputStreamOperator<Event> clientEvents = records.process(new FanOut(holders), WireTypes.EVENT)
                .setParallelism(records.getParallelism())
                .name(u + "fan out parsed records")
                .uid(u + OperatorUids.UID_FAN_OUT);

        DataStream<Event> symbolInput = clientEvents.getSideOutput(FanOut.SYMBOL_EVENTS);
        if (holders) {
            symbolInput = symbolInput.union(clientEvents.getSideOutput(FanOut.HOLDINGS));
        }
        SingleOutputStreamOperator<Event> symbolEvents = symbolInput
                .keyBy(RiskTopology::symbolKey, Types.STRING)
                .process(
                        new SymbolStateFunction(
                                settings.duplicateWindowMillis(),
                                symbolRules,
                                settings.kafka() == null
                                        || !KafkaSettings.ROCKSDB.equals(
                                                settings.kafka().stateBackend())),
                        WireTypes.EVENT)
                .name(u
                        + (holders
                                ? "symbol state: order, dedup, holders, symbol rules"
                                : "symbol state: order, dedup"))
                .uid(u + OperatorUids.UID_SYMBOL_STATE);

        DataStream<Event> clientInput = clientEvents;
        if (holders) {
            clientInput = clientInput.union(symbolEvents.getSideOutput(SymbolStateFunction.HOLDER_CHECKS));
        }
        DataStream<Event> broadcastInput =
                spec.rulesUpdates() == null ? symbolEvents : symbolEvents.union(spec.rulesUpdates());
        SingleOutputStreamOperator<Alert> alerts = clientInput
                .keyBy(RiskTopology::clientKey, Types.STRING)
                .connect(broadcastInput.broadcast(ClientStateFunction.SYMBOLS, ClientStateFunction.RULES))
                .process(
                        new ClientStateFunction(
                                settings,
                                clientRules,
                                facts,
                                spec.rulesUpdates() == null ? null : spec.selected(),
                                quoteLookback),
                        TypeInformation.of(Alert.class))
                .name(u + "client state: order, dedup, book, rules")
                .uid(u + OperatorUids.UID_CLIENT_STATE);

        DataStream<Alert> allAlerts = alerts;
        for (SequenceRule<?, ?> rule : sequenceRules) {
            allAlerts = allAlerts.union(sequence(alerts, rule, u));
        }
        if (!groupRules.isEmpty()) {
            allAlerts = allAlerts.union(alerts.getSideOutput(ClientStateFunction.GROUP_FACTS)
                    .keyBy(RiskTopology::groupKey, Types.STRING)
                    .transform(
                            u + "group state: order lifecycle, self-matches, group rules",
                            TypeInformation.of(Alert.class),
                            new GroupStateOperator(settings.zone(), groupRules))
                    .uid(u + OperatorUids.UID_GROUP_STATE));
        }
        SingleOutputStreamOperator<Alert> routed = allAlerts
                .keyBy(SuppressAlerts::key, Types.STRING)
                .process(
                        new SuppressAlerts(
                                SuppressAlerts.SUPPRESSED, settings.cooldownMillis(), settings.duplicateWindowMillis()),
                        TypeInformation.of(Alert.class))
                .name(u + "suppress: dedupe, cooldown")
                .uid(u + OperatorUids.UID_SUPPRESS);
        SingleOutputStreamOperator<Alert> guarded = routed.keyBy(RunawayGuard::key, Types.STRING)
                .process(
                        new RunawayGuard(SuppressAlerts.SUPPRESSED, settings.runawayGuard(), settings.tradingDayZone()),
                        TypeInformation.of(Alert.class))
                .name(u + "suppress: runaway-rule guard")
                .uid(u + OperatorUids.UID_RUNAWAY_GUARD);
        DataStream<DeadLetter> deadLetters = clientEvents
                .getSideOutput(DeadLetters.TAG)
                .union(symbolEvents.getSideOutput(DeadLetters.TAG), alerts.getSideOutput(DeadLetters.TAG))
                .map(new CountDeadLetters(), TypeInformation.of(DeadLetter.class))
                .name(u + "count dead letters by reason")
                .uid(u + OperatorUids.UID_COUNT_DEAD_LETTERS);
        return new Outputs(
                guarded,
                deadLetters,
                routed.getSideOutput(SuppressAlerts.SUPPRESSED)
                        .union(guarded.getSideOutput(SuppressAlerts.SUPPRESSED)));
    }

    /**
     * A sequence rule from its definition: the client operator's facts it reads, keyed by its key, through its
     * CEP pattern in event time, then through its step when it has one.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static DataStream<Alert> sequence(
            SingleOutputStreamOperator<Alert> clientOperator, SequenceRule<?, ?> rule, String u) {
        SequenceRule r = rule;
        DataStream facts = clientOperator.getSideOutput(ClientStateFunction.facts(r.input()));
        KeyedStream keyed = facts.keyBy(r.key(), Types.STRING);
        SingleOutputStreamOperator matches = CEP.pattern(keyed, r.pattern())
                .inEventTime()
                .process(r.process(), r.matchType())
                .name(u + r.id() + ": sequence (CEP)")
                .uid(u + r.uid());
        SequenceRule.Then then = r.then();
        if (then == null) {
            return matches;
        }
        return matches.keyBy((KeySelector) then.key(), Types.STRING)
                .process(then.function(), TypeInformation.of(Alert.class))
                .name(u + r.id() + ": " + then.name())
                .uid(u + then.uid());
    }
}
