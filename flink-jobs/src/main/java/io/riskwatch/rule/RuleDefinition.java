package io.riskwatch.rule;

import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.io.Serializable;
import java.util.Objects;

/**
 * Everything riskwatch knows about one rule, in one place: its id, audience and severity, its settings type
 * (bound from the rule's own section of the rules file, {@link #defaults()} filling what the section leaves
 * out), the JSON Schema of that section, its scope and kind, and the factories of its parts. The catalog is a
 * list of these; the rules file's schema, the {@code ruleId} enums and the topology are derived from it.
 *
 * <p>A rule has one or more parts: a {@link ClientRule} runs in the client operator, a {@link SymbolRule} in the
 * symbol operator (scope {@link RuleScope#SYMBOL}), a {@link SequenceRule} as a CEP operator over the client
 * operator's facts (kind {@link RuleKind#SEQUENCE}), a {@link GroupRule} in the group operator (scope
 * {@link RuleScope#GROUP}). Only the client part follows a version published to the
 * running job; a change to what {@link #builtAtStart} returns applies after a restart.
 *
 * <pre>{@code
 * public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of("NIGHT_TRANSFER", Settings.class)
 *         .audience(Audience.RISK).severity(Severity.MEDIUM)
 *         .defaults(new Settings(TierAmounts.of("100000", "500000", "2000000")))
 *         .schema(SCHEMA)
 *         .client((own, all, env) -> new NightTransferRule(own.settings(), own.ruleVersion()))
 *         .build();
 * }</pre>
 *
 * @param burstsByDesign its alerts come in bursts by design: exempt from the runaway guard unless the config
 *     names the exempt rules itself
 * @param schema the JSON Schema (2020-12) of the rule's section; may use the rules schema's {@code $defs}
 *     ({@code tierAmounts}, {@code tierFractions}, {@code tierDurations}, {@code fraction}, {@code duration})
 */
public record RuleDefinition<S extends Serializable>(
        String id,
        Audience audience,
        Severity severity,
        RuleScope scope,
        RuleKind kind,
        Class<S> settingsType,
        S defaults,
        String schema,
        Part<S, ClientRule> client,
        Part<S, SymbolRule> symbol,
        Part<S, SequenceRule<?, ?>> sequence,
        Part<S, GroupRule> group,
        StartupSettings<S> builtAtStart,
        boolean burstsByDesign)
        implements Serializable {

    /**
     * Builds one part of a rule from its bound section, the whole file (for a rule that reads another's
     * settings) and the job's rule environment.
     */
    @FunctionalInterface
    public interface Part<S extends Serializable, R> extends Serializable {
        R create(RuleConfig<S> own, RulesConfig all, RuleEnvironment env);
    }

    /**
     * What a rule's symbol or sequence part is built with at start (a change needs a restart): its settings, and
     * for a rule that reads another's, those too.
     */
    @FunctionalInterface
    public interface StartupSettings<S extends Serializable> extends Serializable {
        Object of(S settings, RulesConfig all);
    }

    public RuleDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(audience, id + ": audience");
        Objects.requireNonNull(severity, id + ": severity");
        Objects.requireNonNull(settingsType, id + ": settings type");
        Objects.requireNonNull(defaults, id + ": defaults");
        Objects.requireNonNull(schema, id + ": schema");
        if (client == null && sequence == null && group == null) {
            throw new IllegalArgumentException(id + ": a rule needs a client, a sequence or a group part");
        }
        if (scope == RuleScope.SYMBOL && (symbol == null || client == null)) {
            throw new IllegalArgumentException(id + ": a symbol-scope rule has a symbol part and a client part");
        }
    }

    public static <S extends Serializable> Builder<S> of(String id, Class<S> settingsType) {
        return new Builder<>(id, settingsType);
    }

    /** Does a change from {@code before} to {@code after} need a restart (a symbol, sequence or group part changed)? */
    public boolean needsRestart(RulesConfig before, RulesConfig after) {
        if (symbol == null && sequence == null && group == null) {
            return false;
        }
        return before.of(this).enabled() != after.of(this).enabled()
                || !Objects.equals(
                        builtAtStart.of(before.settings(this), before), builtAtStart.of(after.settings(this), after));
    }

    public static final class Builder<S extends Serializable> {
        private final String id;
        private final Class<S> settingsType;
        private Audience audience = Audience.RISK;
        private Severity severity;
        private S defaults;
        private String schema;
        private Part<S, ClientRule> client;
        private Part<S, SymbolRule> symbol;
        private Part<S, SequenceRule<?, ?>> sequence;
        private Part<S, GroupRule> group;
        private StartupSettings<S> builtAtStart = (s, all) -> s;
        private boolean burstsByDesign;

        private Builder(String id, Class<S> settingsType) {
            this.id = id;
            this.settingsType = settingsType;
        }

        public Builder<S> audience(Audience a) {
            audience = a;
            return this;
        }

        /** The severity of its alerts (the lowest, for a rule that grades them). */
        public Builder<S> severity(Severity s) {
            severity = s;
            return this;
        }

        public Builder<S> defaults(S d) {
            defaults = d;
            return this;
        }

        public Builder<S> schema(String jsonSchema) {
            schema = jsonSchema;
            return this;
        }

        /** The part evaluated in the client operator. */
        public Builder<S> client(Part<S, ClientRule> part) {
            client = part;
            return this;
        }

        /** The part evaluated in the symbol operator: makes the rule symbol-scoped. */
        public Builder<S> symbol(Part<S, SymbolRule> part) {
            symbol = part;
            return this;
        }

        /** The CEP part: makes the rule a sequence rule. */
        public Builder<S> sequence(Part<S, SequenceRule<?, ?>> part) {
            sequence = part;
            return this;
        }

        /** The part evaluated in the group operator: makes the rule group-scoped (contract 7.1). */
        public Builder<S> group(Part<S, GroupRule> part) {
            group = part;
            return this;
        }

        /** What of the settings the symbol or sequence part is built with (default: all of them). */
        public Builder<S> builtAtStart(StartupSettings<S> what) {
            builtAtStart = what;
            return this;
        }

        /** Its alerts come in bursts by design (the runaway guard's default exemption). */
        public Builder<S> burstsByDesign() {
            burstsByDesign = true;
            return this;
        }

        public RuleDefinition<S> build() {
            return new RuleDefinition<>(
                    id,
                    audience,
                    severity,
                    symbol != null ? RuleScope.SYMBOL : group != null ? RuleScope.GROUP : RuleScope.CLIENT,
                    sequence != null ? RuleKind.SEQUENCE : RuleKind.KEYED,
                    settingsType,
                    defaults,
                    schema,
                    client,
                    symbol,
                    sequence,
                    group,
                    builtAtStart,
                    burstsByDesign);
        }
    }
}
