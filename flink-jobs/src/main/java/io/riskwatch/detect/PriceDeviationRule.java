package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Order;
import io.riskwatch.model.Side;
import io.riskwatch.model.Tier;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.state.ClientView;
import io.riskwatch.state.SymbolPoint;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Consumer;

/**
 * PRICE_DEVIATION 价格偏离 (乌龙指) (RISK, MEDIUM >= 5 %, HIGH >= 20 %): an order whose price is adverse to the
 * latest quote at or before it: SELL (ref - price) / ref, BUY (price - ref) / ref; no quote yet: never; once
 * per order. Seed 004's example: a bond with face value 100 sold at 1 yuan. A check on each order against the
 * broadcast quote join; no state of its own. Thresholds are compared exactly (adverse >= fraction x ref), the
 * deviation in the metrics is rounded to 6 decimals for reading only.
 */
public final class PriceDeviationRule implements ClientRule {
    public static final String ID = "PRICE_DEVIATION";
    private static final long serialVersionUID = 1L;

    /** Adverse deviation from the latest quote >= medium (MEDIUM) or >= high (HIGH). */
    public record Settings(TierAmounts medium, TierAmounts high) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(TierAmounts.all("0.05"), TierAmounts.all("0.20")))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "medium": {"$ref": "#/$defs/tierFractions"},
                     "high": {"$ref": "#/$defs/tierFractions"}}}""")
            .client((own, all, env) -> new PriceDeviationRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;

    public PriceDeviationRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) {
        if (event.type() != EventType.ORDER) {
            return;
        }
        Order o = event.order();
        SymbolPoint quote = client.quoteOf(o.symbol());
        if (quote == null) {
            return;
        }
        BigDecimal ref = quote.price();
        BigDecimal adverse =
                o.side() == Side.SELL ? ref.subtract(o.price()) : o.price().subtract(ref);
        Tier tier = client.tier();
        BigDecimal high = config.high().forTier(tier);
        BigDecimal medium = config.medium().forTier(tier);
        Severity severity;
        if (adverse.compareTo(high.multiply(ref)) >= 0) {
            severity = Severity.HIGH;
        } else if (adverse.compareTo(medium.multiply(ref)) >= 0) {
            severity = Severity.MEDIUM;
        } else {
            return;
        }
        BigDecimal deviation = adverse.divide(ref, 6, RoundingMode.HALF_EVEN);
        Metrics metrics = Metrics.create()
                .put("side", o.side().name())
                .put("price", o.price())
                .put("referencePrice", ref)
                .put("referenceQuote", quote.eventId())
                .put("deviation", deviation)
                .put("mediumThreshold", medium)
                .put("highThreshold", high)
                .put("quantity", o.quantity())
                .put("orderId", o.orderId())
                .put("tier", tier.name())
                .put("regulation", "fat-finger order check (乌龙指): price far from the market");
        String summary = o.side() + " " + o.quantity() + " " + o.symbol() + " at "
                + o.price().toPlainString()
                + ", "
                + deviation
                        .movePointRight(2)
                        .setScale(2, RoundingMode.HALF_EVEN)
                        .toPlainString()
                + " % adverse to the last quote " + ref.toPlainString();
        alerts.accept(AlertFactory.client(
                ID,
                severity,
                ruleVersion,
                client,
                client.clientId() + "|" + o.orderId(),
                o.symbol(),
                event,
                List.of(EvidenceEvents.of(quote, o.symbol(), client.zone()), EvidenceEvents.of(event, client.zone())),
                summary,
                metrics));
    }
}
