package io.riskwatch.topology;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.JobSettings;
import io.riskwatch.config.KafkaSettings;
import io.riskwatch.config.RulesConfig;
import io.riskwatch.detect.ClientRule;
import io.riskwatch.detect.HoldingTurningPointRule;
import io.riskwatch.detect.ExcessiveChurningRule;
import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.RouteParsed;
import io.riskwatch.route.RunawayGuard;
import io.riskwatch.route.SuppressAlerts;
import io.riskwatch.route.SuppressedAlert;
import io.riskwatch.state.ClientStateFunction;
import io.riskwatch.state.Interned;
import io.riskwatch.state.SymbolStateFunction;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The ONE place operators are wired. It takes the parsed records of any source (with timestamps and
 * watermarks already assigned) and returns the alerts and dead letters, so tests pass a file source and a
 * collecting sink while production passes Kafka and Redis.
 *
 * <pre>
 * records -> route -> [client events] keyBy clientId ----------------> client-state (order, dedup, book, rules) -> alerts
 *                                                        [trades] keyBy client|symbol|day -> CEP reversals -> count -> alerts
 *                  -> [quotes, securities] keyBy symbol -> symbol-state (order, dedup) --broadcast--^
 * rules topic -> validate (one instance) -> [RULES: a valid version at its effective time] --broadcast--^
 *                  -> [copies of trades, positions] --^ (holder index, trend)  --[HOLDER_CHECK per holder at a
 *                                                                                turning point] keyBy clientId --^
 *                  -> [dead letters] ------------------------------------------------------------------------> dead letters
 * alerts -> keyBy rule|client -> route: dedupe, cooldown (event time) -> keyBy rule -> runaway guard -> delivered alerts
 *                                                                    -> [suppressed, with the reason]       -> [held back] + one RUNAWAY_RULE alert
 * </pre>
 */
public final class RiskTopology {
    /** What the topology produces. */
    public record Outputs(DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters,
            DataStream<SuppressedAlert> suppressed) {}

    private RiskTopology() {}

    /** The client key, one instance per client in the JVM (see {@link Interned}). */
    static String clientKey(Event e) {
        return Interned.clientId(e.key());
    }

    /** The symbol key, interned (see {@link #clientKey}). */
    static String symbolKey(Event e) {
        return Interned.code(e.symbol());
    }

    public static Outputs build(DataStream<SourceRecord> records, JobSettings settings, List<ClientRule> rules) {
        return build(records, settings, rules, false);
    }

    /** @param churning also run EXCESSIVE_CHURNING (a CEP rule over the client operator's trades) */
    public static Outputs build(DataStream<SourceRecord> records, JobSettings settings, List<ClientRule> rules,
            boolean churning) {
        return build(records, settings, rules, churning, null, null);
    }

    /**
     * @param rulesUpdates validated versions of the rules file ({@code RULES} events), broadcast to the client
     *     operator, or null (replay: the rules are those of the start)
     * @param selected the rule ids the job runs, which a published version builds anew
     */
    public static Outputs build(DataStream<SourceRecord> records, JobSettings settings, List<ClientRule> rules,
            boolean churning, DataStream<Event> rulesUpdates, Set<String> selected) {
        return build(records, settings, rules, churning, rulesUpdates, selected, "");
    }

    /**
     * @param variant "" for the job's one topology; a name (e.g. {@code candidate}) when one job runs several
     *     versions of the rules over the same records (backtest): it prefixes every operator's uid and name.
     *     Flink sums accumulators of the same name, so each counter then counts once per variant.
     */
    public static Outputs build(DataStream<SourceRecord> records, JobSettings settings, List<ClientRule> rules,
            boolean churning, DataStream<Event> rulesUpdates, Set<String> selected, String variant) {
        String u = variant.isEmpty() ? "" : variant + "/";
        RulesConfig.TurningPoint turning = rules.stream().anyMatch(r -> r.id().equals(HoldingTurningPointRule.ID))
                ? settings.rules().turningPoint() : null;
        SingleOutputStreamOperator<Event> clientEvents = records
                .process(new RouteParsed(turning != null), TypeInformation.of(Event.class))
                .setParallelism(records.getParallelism())
                .name(u + "route parsed records")
                .uid(u + Descriptors.UID_ROUTE);

        DataStream<Event> symbolInput = clientEvents.getSideOutput(Descriptors.SYMBOL_EVENTS);
        if (turning != null) {
            symbolInput = symbolInput.union(clientEvents.getSideOutput(Descriptors.HOLDINGS));
        }
        SingleOutputStreamOperator<Event> symbolEvents = symbolInput
                .keyBy(RiskTopology::symbolKey, Types.STRING)
                .process(new SymbolStateFunction(settings.duplicateWindowMillis(), turning,
                                settings.kafka() == null || !KafkaSettings.ROCKSDB.equals(settings.kafka().stateBackend())),
                        TypeInformation.of(Event.class))
                .name(u + (turning != null ? "symbol state: order, dedup, holders, turning points" : "symbol state: order, dedup"))
                .uid(u + Descriptors.UID_SYMBOL_STATE);

        DataStream<Event> clientInput = clientEvents;
        if (turning != null) {
            clientInput = clientInput.union(symbolEvents.getSideOutput(Descriptors.HOLDER_CHECKS));
        }
        DataStream<Event> broadcastInput = rulesUpdates == null ? symbolEvents : symbolEvents.union(rulesUpdates);
        SingleOutputStreamOperator<Alert> alerts = clientInput
                .keyBy(RiskTopology::clientKey, Types.STRING)
                .connect(broadcastInput.broadcast(Descriptors.SYMBOLS, Descriptors.RULES))
                .process(new ClientStateFunction(settings, rules, churning, rulesUpdates == null ? null : selected),
                        TypeInformation.of(Alert.class))
                .name(u + "client state: order, dedup, book, rules")
                .uid(u + Descriptors.UID_CLIENT_STATE);

        DataStream<Alert> allAlerts = alerts;
        if (churning) {
            allAlerts = alerts.union(ExcessiveChurningRule.detect(alerts.getSideOutput(Descriptors.TRADES),
                    settings.rules().churning(), settings.zone(), u + Descriptors.UID_CHURNING_REVERSALS,
                    u + Descriptors.UID_CHURNING_COUNT));
        }
        SingleOutputStreamOperator<Alert> routed = allAlerts
                .keyBy(SuppressAlerts::key, Types.STRING)
                .process(new SuppressAlerts(Descriptors.SUPPRESSED, settings.cooldownMillis(),
                        settings.duplicateWindowMillis()), TypeInformation.of(Alert.class))
                .name(u + "route: dedupe, cooldown")
                .uid(u + Descriptors.UID_SUPPRESS);
        SingleOutputStreamOperator<Alert> guarded = routed
                .keyBy(RunawayGuard::key, Types.STRING)
                .process(new RunawayGuard(Descriptors.SUPPRESSED, settings.runawayGuard(), settings.tradingDayZone()),
                        TypeInformation.of(Alert.class))
                .name(u + "route: runaway-rule guard")
                .uid(u + Descriptors.UID_RUNAWAY_GUARD);
        DataStream<DeadLetter> deadLetters = clientEvents.getSideOutput(Descriptors.DEAD_LETTERS)
                .union(symbolEvents.getSideOutput(Descriptors.DEAD_LETTERS),
                        alerts.getSideOutput(Descriptors.DEAD_LETTERS))
                .map(new CountDeadLetters(), TypeInformation.of(DeadLetter.class))
                .name(u + "count dead letters by reason")
                .uid(u + Descriptors.UID_COUNT_DEAD_LETTERS);
        return new Outputs(guarded, deadLetters,
                routed.getSideOutput(Descriptors.SUPPRESSED).union(guarded.getSideOutput(Descriptors.SUPPRESSED)));
    }
}
