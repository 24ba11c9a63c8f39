package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.Side;
import io.riskwatch.model.Tier;
import io.riskwatch.model.Trade;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.state.ClientView;
import io.riskwatch.state.SymbolPoint;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * CONCENTRATION 单一持仓超限 (RISK, MEDIUM): after a BUY trade, the holding in that symbol is worth >= 100,000
 * and >= 50 % of the client's total assets, both valued at the latest quote at or before the trade (not the
 * trade price; avgCost without a quote); total assets <= 0: never (precise reading 12). Seed 004: a large
 * client holding one stock over the limit. Valuation comes from the shared book; the only state is
 * "fired today" per symbol ({@link DailyOnce}), dropped at the next day's start.
 */
public final class ConcentrationRule implements ClientRule {
    public static final String ID = "CONCENTRATION";
    static final String STATE = "concentration-fired";
    private static final long serialVersionUID = 1L;

    /** After a BUY, holding >= minValue and >= maxShare of total assets. */
    public record Settings(TierAmounts minValue, TierAmounts maxShare) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(TierAmounts.all("100000"), TierAmounts.all("0.5")))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "minValue": {"$ref": "#/$defs/tierAmounts"},
                     "maxShare": {"$ref": "#/$defs/tierFractions"}}}""")
            .client((own, all, env) -> new ConcentrationRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private transient DailyOnce once;

    public ConcentrationRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void open(RuntimeContext context) {
        once = new DailyOnce(context, STATE);
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) throws Exception {
        if (event.type() != EventType.TRADE || event.trade().side() != Side.BUY) {
            return;
        }
        Trade t = event.trade();
        BigDecimal total = client.totalAssets();
        if (total.signum() <= 0) {
            return;
        }
        BigDecimal value = client.holdingValue(t.symbol());
        Tier tier = client.tier();
        BigDecimal minValue = config.minValue().forTier(tier);
        BigDecimal maxShare = config.maxShare().forTier(tier);
        if (value.compareTo(minValue) < 0 || value.compareTo(maxShare.multiply(total)) < 0) {
            return;
        }
        if (!once.firstToday(t.symbol(), event.ts(), client)) {
            return;
        }
        SymbolPoint quote = client.quoteOf(t.symbol());
        BigDecimal share = value.divide(total, 6, RoundingMode.HALF_EVEN);
        Metrics metrics = Metrics.create()
                .money("holdingValue", value)
                .money("totalAssets", total)
                .put("share", share)
                .put("maxShare", maxShare)
                .money("minValue", minValue)
                .put("quantity", client.book().quantityOf(t.symbol()))
                .put(
                        "valuationPrice",
                        quote != null ? quote.price() : client.book().avgCostOf(t.symbol()))
                .put("valuationSource", quote != null ? "quote " + quote.eventId() : "avgCost")
                .money("cash", client.book().cash)
                .put("tradingDay", client.tradingDay(event).toString())
                .put("tier", tier.name())
                .put("regulation", "single-stock concentration limit (单一持仓超限)");
        String summary = t.symbol() + " is "
                + share.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " % of total assets ("
                + AlertFactory.money(value) + " of "
                + AlertFactory.money(total) + " CNY) after a BUY";
        List<EvidenceEvent> evidence = new ArrayList<>();
        if (quote != null) {
            evidence.add(EvidenceEvents.of(quote, t.symbol(), client.zone()));
        }
        evidence.add(EvidenceEvents.of(event, client.zone()));
        alerts.accept(AlertFactory.client(
                ID,
                Severity.MEDIUM,
                ruleVersion,
                client,
                client.clientId() + "|" + t.symbol() + "|" + client.tradingDay(event),
                t.symbol(),
                event,
                evidence,
                summary,
                metrics));
    }

    @Override
    public void onTimer(long ts, ClientView client, Consumer<Alert> alerts) throws Exception {
        once.onTimer(ts, client);
    }
}
