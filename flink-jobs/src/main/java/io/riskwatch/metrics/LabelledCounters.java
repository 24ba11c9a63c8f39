package io.riskwatch.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counters of one name told apart by labels, e.g. {@code alerts{rule="<id>",severity="HIGH"}}: each
 * label is a Flink key/value metric group, which the Prometheus reporter exports as a label.
 */
public final class LabelledCounters {
    private final MetricGroup group;
    private final String name;
    private final List<String> labels;
    private final Map<List<String>, Counter> counters = new HashMap<>();

    public LabelledCounters(MetricGroup group, String name, String... labels) {
        this.group = group;
        this.name = name;
        this.labels = List.of(labels);
    }

    /** The counter for these label values (in the order of the labels), created on first use. */
    public Counter get(String... values) {
        return counters.computeIfAbsent(List.of(values), v -> {
            MetricGroup g = group;
            for (int i = 0; i < labels.size(); i++) {
                g = g.addGroup(labels.get(i), v.get(i));
            }
            return g.counter(name);
        });
    }
}
