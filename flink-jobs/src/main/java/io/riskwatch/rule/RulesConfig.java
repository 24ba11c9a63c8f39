package io.riskwatch.rule;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A validated rules file ({@code config/rules.yaml}): its version and every rule's bound section, by rule id. */
public record RulesConfig(String version, Map<String, RuleConfig<?>> rules) implements Serializable {

    public RulesConfig {
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** The rule's bound section. */
    @SuppressWarnings("unchecked")
    public <S extends Serializable> RuleConfig<S> of(RuleDefinition<S> rule) {
        RuleConfig<?> c = rules.get(rule.id());
        if (c == null) {
            throw new IllegalArgumentException("rules version " + version + " has no section " + rule.id());
        }
        return (RuleConfig<S>) c;
    }

    /** The rule's settings. */
    public <S extends Serializable> S settings(RuleDefinition<S> rule) {
        return of(rule).settings();
    }
}
