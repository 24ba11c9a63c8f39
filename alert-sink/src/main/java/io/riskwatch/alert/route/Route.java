package io.riskwatch.alert.route;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Sends matching alerts to channels. An empty set matches anything; {@code minSeverity} null matches any.
 *
 * @param audiences which audiences (RISK, BROKER)
 * @param minSeverity the lowest severity that matches
 * @param rules which rule ids
 * @param channels the channel names alerts go to
 */
public record Route(Set<Audience> audiences, Severity minSeverity, Set<String> rules, List<String> channels)
        implements Serializable {
    public Route {
        audiences = Set.copyOf(audiences);
        rules = Set.copyOf(rules);
        channels = List.copyOf(channels);
    }

    /** Everything to these channels. */
    public static Route all(List<String> channels) {
        return new Route(Set.of(), null, Set.of(), channels);
    }

    public boolean matches(Alert a) {
        return (audiences.isEmpty() || audiences.contains(a.audience()))
                && (minSeverity == null || a.severity().compareTo(minSeverity) >= 0)
                && (rules.isEmpty() || rules.contains(a.rule()));
    }
}
