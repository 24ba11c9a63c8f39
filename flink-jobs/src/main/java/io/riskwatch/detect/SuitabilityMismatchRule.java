package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Order;
import io.riskwatch.model.RiskLevel;
import io.riskwatch.model.RiskProfile;
import io.riskwatch.model.Side;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.state.ClientView;
import io.riskwatch.state.SymbolPoint;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * SUITABILITY_MISMATCH 适当性不匹配 (RISK, MEDIUM): a BUY order for a security whose {@code riskLevel} exceeds
 * what the client's {@code riskProfile} allows (CONSERVATIVE: LOW only; BALANCED: up to MEDIUM; AGGRESSIVE:
 * any); unknown profile or level: never. The investor-suitability duty (适当性管理). Profile from the client's
 * book, risk level from the broadcast security records at or before the order; once per client, symbol, day
 * via {@link DailyOnce}.
 */
public final class SuitabilityMismatchRule implements ClientRule {
    public static final String ID = "SUITABILITY_MISMATCH";
    static final String STATE = "suitability-fired";
    private static final long serialVersionUID = 1L;

    /** The highest security risk level each risk profile may buy. */
    public record Settings(Map<RiskProfile, RiskLevel> maxRiskLevel) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(new EnumMap<>(Map.of(
                    RiskProfile.CONSERVATIVE,
                    RiskLevel.LOW,
                    RiskProfile.BALANCED,
                    RiskLevel.MEDIUM,
                    RiskProfile.AGGRESSIVE,
                    RiskLevel.HIGH))))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"},
                     "maxRiskLevel": {"type": "object", "additionalProperties": false,
                      "required": ["CONSERVATIVE", "BALANCED", "AGGRESSIVE"],
                      "properties": {"CONSERVATIVE": {"$ref": "#/$defs/riskLevel"},
                                     "BALANCED": {"$ref": "#/$defs/riskLevel"},
                                     "AGGRESSIVE": {"$ref": "#/$defs/riskLevel"}}}}}""")
            .client((own, all, env) -> new SuitabilityMismatchRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private transient DailyOnce once;

    public SuitabilityMismatchRule(Settings config, String ruleVersion) {
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
        if (event.type() != EventType.ORDER || event.order().side() != Side.BUY) {
            return;
        }
        Order o = event.order();
        RiskProfile profile = client.book().riskProfile;
        SymbolPoint security = client.securityOf(o.symbol());
        RiskLevel level = security == null ? null : security.riskLevel();
        if (profile == null || level == null) {
            return; // unknown profile or level: never
        }
        RiskLevel allowed = config.maxRiskLevel().get(profile);
        if (level.compareTo(allowed) <= 0 || !once.firstToday(o.symbol(), event.ts(), client)) {
            return;
        }
        Metrics metrics = Metrics.create()
                .put("riskProfile", profile.name())
                .put("riskLevel", level.name())
                .put("maxAllowed", allowed.name())
                .put("price", o.price())
                .put("quantity", o.quantity())
                .put("orderId", o.orderId())
                .put("tradingDay", client.tradingDay(event).toString())
                .put("regulation", "investor suitability (适当性管理办法)");
        String summary =
                profile + " client buys " + o.symbol() + " of risk level " + level + " (allowed up to " + allowed + ")";
        alerts.accept(AlertFactory.client(
                ID,
                Severity.MEDIUM,
                ruleVersion,
                client,
                client.clientId() + "|" + o.symbol() + "|" + client.tradingDay(event),
                o.symbol(),
                event,
                List.of(
                        EvidenceEvents.of(security, o.symbol(), client.zone()),
                        EvidenceEvents.of(event, client.zone())),
                summary,
                metrics));
    }

    @Override
    public void onTimer(long ts, ClientView client, Consumer<Alert> alerts) throws Exception {
        once.onTimer(ts, client);
    }
}
