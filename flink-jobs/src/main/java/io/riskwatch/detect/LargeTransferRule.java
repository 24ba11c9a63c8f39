package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Masking;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Tier;
import io.riskwatch.model.Transfer;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.state.ClientView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;

/**
 * LARGE_TRANSFER 大额转账 (RISK, HIGH): one transfer, either direction, with amount >= the threshold of the
 * client's tier at that transfer. Serves the PBOC large-value transaction reporting duty (individuals:
 * 500,000 CNY in one transfer). Stateless, so a keyed check on each event; at most once per transfer.
 */
public final class LargeTransferRule implements ClientRule {
    public static final String ID = "LARGE_TRANSFER";
    private static final long serialVersionUID = 1L;

    /** @param threshold per tier, CNY: a transfer at or above it fires */
    public record Settings(TierAmounts threshold) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.HIGH)
            .defaults(new Settings(TierAmounts.of("500000", "2000000", "5000000")))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "threshold": {"$ref": "#/$defs/tierAmounts"}}}""")
            .client((own, all, env) -> new LargeTransferRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;

    public LargeTransferRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) {
        if (event.type() != EventType.TRANSFER) {
            return;
        }
        Transfer t = event.transfer();
        Tier tier = client.tier();
        BigDecimal threshold = config.threshold().forTier(tier);
        if (t.amount().compareTo(threshold) < 0) {
            return;
        }
        Metrics metrics = Metrics.create()
                .money("amount", t.amount())
                .money("threshold", threshold)
                .put("direction", t.direction().name())
                .put("tier", tier.name())
                .put("regulation", "PBOC large-value transaction reporting");
        if (t.bankAccount() != null) {
            metrics.put("bankAccount", Masking.lastFour(t.bankAccount()));
        }
        String summary = "Transfer " + t.direction() + " " + AlertFactory.money(t.amount()) + " CNY >= "
                + AlertFactory.money(threshold) + " (" + tier + ")";
        alerts.accept(AlertFactory.client(
                ID,
                Severity.HIGH,
                ruleVersion,
                client,
                client.clientId(),
                null,
                event,
                List.of(EvidenceEvents.of(event, client.zone())),
                summary,
                metrics));
    }
}
