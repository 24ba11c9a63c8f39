package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.GroupPosition;
import io.riskwatch.state.GroupView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What the alerts of the group rules share (contract 7.1): the completing event's client and broker, key group and
 * symbol, and {@code metrics.groupId}, {@code metrics.members} (the sorted clientIds whose events are in the
 * evidence) and {@code metrics.regulation} after the rule's own metrics.
 */
final class GroupAlerts {
    private GroupAlerts() {}

    static Alert of(
            String rule,
            Severity severity,
            String ruleVersion,
            GroupFact completing,
            GroupView group,
            List<EvidenceEvent> evidence,
            Collection<String> members,
            String summary,
            Metrics metrics,
            String regulation) {
        metrics.put("groupId", group.groupId())
                .list("members", List.copyOf(new TreeSet<>(members)))
                .put("regulation", regulation);
        return AlertFactory.risk(
                rule,
                severity,
                ruleVersion,
                completing.clientId(),
                completing.brokerId(),
                group.zone(),
                group.groupId() + "/" + completing.symbol(),
                completing.symbol(),
                completing.ts(),
                evidence,
                summary,
                metrics);
    }

    /** The eventIds of positions, in the order given. */
    static List<String> ids(Collection<GroupPosition> positions) {
        return positions.stream().map(GroupPosition::eventId).toList();
    }

    /** The clientIds of positions. */
    static List<String> clients(Collection<GroupPosition> positions) {
        return positions.stream().map(GroupPosition::clientId).toList();
    }

    /** {@code part / whole} to 4 decimals (half even); whole > 0. */
    static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
        return part.divide(whole, 4, RoundingMode.HALF_EVEN);
    }

    /** {@code 1200000} -> {@code 1,200,000}. */
    static String shares(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A duration for people: {@code 3 min}, {@code 90 s}, {@code 1500 ms}. */
    static String span(long millis) {
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** {@code 0.1234} -> {@code 12.34%}. */
    static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
