package io.riskwatch.cli.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.riskwatch.alert.Alert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What two versions of the rules raised over the same input, side by side: counts per rule and trading day, and
 * the alerts only one version raises. Alerts are matched by {@code alertId}, which is derived from the rule, the
 * key and the evidence (not the thresholds), so the same finding has the same id in both versions.
 */
public record BacktestComparison(
        List<String> rules,
        List<LocalDate> days,
        Map<String, Map<LocalDate, long[]>> perRuleDay,
        Map<String, long[]> perRule,
        List<Alert> onlyBaseline,
        List<Alert> onlyCandidate,
        List<ThresholdChange> thresholdChanges) {

    /** Index into the count arrays. */
    public static final int BASELINE = 0;

    public static final int CANDIDATE = 1;
    /** perRule: alerts both versions raise. */
    public static final int BOTH = 2;

    /** One setting that differs between the two rules files ({@code null}: absent in that file). */
    public record ThresholdChange(String path, String baseline, String candidate) {}

    public static BacktestComparison of(
            List<Alert> baseline, List<Alert> candidate, ZoneId zone, List<ThresholdChange> changes) {
        Set<String> baseIds = baseline.stream().map(Alert::alertId).collect(Collectors.toSet());
        Set<String> candIds = candidate.stream().map(Alert::alertId).collect(Collectors.toSet());
        TreeSet<String> rules = new TreeSet<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        Map<String, Map<LocalDate, long[]>> perRuleDay = new TreeMap<>();
        Map<String, long[]> perRule = new TreeMap<>();
        count(baseline, BASELINE, zone, rules, days, perRuleDay, perRule);
        count(candidate, CANDIDATE, zone, rules, days, perRuleDay, perRule);
        for (Alert a : baseline) {
            if (candIds.contains(a.alertId())) {
                perRule.get(a.rule())[BOTH]++;
            }
        }
        List<Alert> onlyBase =
                baseline.stream().filter(a -> !candIds.contains(a.alertId())).toList();
        List<Alert> onlyCand =
                candidate.stream().filter(a -> !baseIds.contains(a.alertId())).toList();
        return new BacktestComparison(
                List.copyOf(rules), List.copyOf(days), perRuleDay, perRule, onlyBase, onlyCand, List.copyOf(changes));
    }

    private static void count(
            List<Alert> alerts,
            int side,
            ZoneId zone,
            Set<String> rules,
            Set<LocalDate> days,
            Map<String, Map<LocalDate, long[]>> perRuleDay,
            Map<String, long[]> perRule) {
        for (Alert a : alerts) {
            LocalDate day = Instant.ofEpochMilli(a.tsMillis()).atZone(zone).toLocalDate();
            rules.add(a.rule());
            days.add(day);
            perRuleDay.computeIfAbsent(a.rule(), r -> new TreeMap<>()).computeIfAbsent(day, d -> new long[2])[side]++;
            perRule.computeIfAbsent(a.rule(), r -> new long[3])[side]++;
        }
    }

    /** The alerts of one rule only one side raises. */
    public List<Alert> only(int side, String rule) {
        return (side == BASELINE ? onlyBaseline : onlyCandidate)
                .stream().filter(a -> a.rule().equals(rule)).toList();
    }

    /** A rule's count for one side on one day (0 when none). */
    public long count(String rule, LocalDate day, int side) {
        long[] c = perRuleDay.getOrDefault(rule, Map.of()).get(day);
        return c == null ? 0 : c[side];
    }

    /** The settings that differ between two rules files, as dotted paths ({@code version} included). */
    public static List<ThresholdChange> thresholdChanges(Path baseline, Path candidate) {
        return diff(leaves(baseline), leaves(candidate));
    }

    private static List<ThresholdChange> diff(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<ThresholdChange> out = new ArrayList<>();
        for (String p : paths) {
            String x = a.get(p);
            String y = b.get(p);
            if (x == null ? y != null : !x.equals(y)) {
                out.add(new ThresholdChange(p, x, y));
            }
        }
        return out;
    }

    /** The settings that differ between two rules files given as their text. */
    public static List<ThresholdChange> thresholdChanges(String baselineYaml, String candidateYaml) {
        return diff(leaves(baselineYaml, "the baseline"), leaves(candidateYaml, "the candidate"));
    }

    private static Map<String, String> leaves(Path file) {
        try {
            return leaves(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules file " + file, e);
        }
    }

    private static Map<String, String> leaves(String yaml, String what) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            flatten("", new YAMLMapper().readTree(yaml), out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules file " + what, e);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // the rules' settings sit under "rules:"; their paths read better without it
                String path = prefix.isEmpty() || prefix.equals("rules") ? e.getKey() : prefix + "." + e.getKey();
                flatten(path, e.getValue(), out);
            }
        } else if (node.isArray()) {
            out.put(prefix, node.toString());
        } else {
            out.put(prefix, node.asText());
        }
    }
}
