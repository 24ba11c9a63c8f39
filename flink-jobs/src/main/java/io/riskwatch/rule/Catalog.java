package io.riskwatch.rule;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of rule definitions and what is derived from it: the ids, the {@code --rules} selection, and the parts
 * to run for a rules file. Order is the list's (it orders alerts of one event and the rules file's sections).
 */
public final class Catalog implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, RuleDefinition<?>> rules = new LinkedHashMap<>();

    private Catalog(List<RuleDefinition<?>> definitions) {
        for (RuleDefinition<?> d : definitions) {
            if (rules.put(d.id(), d) != null) {
                throw new IllegalArgumentException("rule " + d.id() + " is defined twice");
            }
        }
    }

    public static Catalog of(RuleDefinition<?>... definitions) {
        return new Catalog(List.of(definitions));
    }

    public List<RuleDefinition<?>> definitions() {
        return List.copyOf(rules.values());
    }

    public RuleDefinition<?> get(String id) {
        return rules.get(id);
    }

    /** Every rule id, in catalog order. */
    public Set<String> ids() {
        return new LinkedHashSet<>(rules.keySet());
    }

    /** The rules whose alerts come in bursts by design, in catalog order. */
    public List<String> burstsByDesign() {
        return rules.values().stream()
                .filter(RuleDefinition::burstsByDesign)
                .map(RuleDefinition::id)
                .toList();
    }

    /**
     * Parses {@code --rules}: {@code all}, {@code none}, or a comma-separated list of rule ids.
     *
     * @throws IllegalArgumentException naming the unknown id and the known ones
     */
    public Set<String> select(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("all")) {
            return ids();
        }
        if (spec.equals("none")) {
            return Set.of();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String id = part.trim();
            if (!rules.containsKey(id)) {
                throw new IllegalArgumentException(
                        "unknown rule '" + id + "' in --rules; known: all, none, " + String.join(", ", ids()));
            }
            chosen.add(id);
        }
        return chosen;
    }

    /** The rules that run: selected and enabled in the rules file, in catalog order. */
    public List<RuleDefinition<?>> running(RulesConfig config, Set<String> selected) {
        List<RuleDefinition<?>> out = new ArrayList<>();
        for (RuleDefinition<?> d : rules.values()) {
            if (selected.contains(d.id()) && config.of(d).enabled()) {
                out.add(d);
            }
        }
        return out;
    }

    /** The client parts to run in the client operator. */
    public List<ClientRule> clientRules(RulesConfig config, Set<String> selected, RuleEnvironment env) {
        List<ClientRule> out = new ArrayList<>();
        for (RuleDefinition<?> d : running(config, selected)) {
            if (d.client() != null) {
                out.add(build(d, d.client(), config, env));
            }
        }
        return out;
    }

    /** The symbol parts to run in the symbol operator. */
    public List<SymbolRule> symbolRules(RulesConfig config, Set<String> selected, RuleEnvironment env) {
        List<SymbolRule> out = new ArrayList<>();
        for (RuleDefinition<?> d : running(config, selected)) {
            if (d.symbol() != null) {
                out.add(build(d, d.symbol(), config, env));
            }
        }
        return out;
    }

    /** The sequence (CEP) parts, each wired as its own operators. */
    public List<SequenceRule<?, ?>> sequenceRules(RulesConfig config, Set<String> selected, RuleEnvironment env) {
        List<SequenceRule<?, ?>> out = new ArrayList<>();
        for (RuleDefinition<?> d : running(config, selected)) {
            if (d.sequence() != null) {
                out.add(build(d, d.sequence(), config, env));
            }
        }
        return out;
    }

    /** The group parts to run in the group operator. */
    public List<GroupRule> groupRules(RulesConfig config, Set<String> selected, RuleEnvironment env) {
        List<GroupRule> out = new ArrayList<>();
        for (RuleDefinition<?> d : running(config, selected)) {
            if (d.group() != null) {
                out.add(build(d, d.group(), config, env));
            }
        }
        return out;
    }

    /** The rules among {@code selected} whose change from {@code before} to {@code after} needs a restart. */
    public List<String> needRestart(RulesConfig before, RulesConfig after, Set<String> selected) {
        List<String> out = new ArrayList<>();
        for (RuleDefinition<?> d : rules.values()) {
            if (selected.contains(d.id()) && d.needsRestart(before, after)) {
                out.add(d.id());
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <R> R build(
            RuleDefinition<?> d, RuleDefinition.Part<?, R> part, RulesConfig config, RuleEnvironment env) {
        return (R) ((RuleDefinition.Part) part).create(config.of(d), config, env);
    }
}
