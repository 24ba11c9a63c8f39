package io.riskwatch.rule;

import java.io.Serializable;
import java.time.ZoneId;

/**
 * What a rule may know of the job besides the rules file: settings of {@code riskwatch.yaml} that shape rules.
 *
 * @param tradingDayZone the trading day is the calendar date of {@code ts} in this zone
 */
public record RuleEnvironment(String tradingDayZone) implements Serializable {
    public ZoneId zone() {
        return ZoneId.of(tradingDayZone);
    }
}
