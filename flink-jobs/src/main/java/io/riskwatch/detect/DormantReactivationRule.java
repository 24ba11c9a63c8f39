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
import io.riskwatch.rule.TierDurations;
import io.riskwatch.state.ClientBook;
import io.riskwatch.state.ClientView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * DORMANT_REACTIVATION 休眠账户激活 (RISK, MEDIUM): a transfer of >= 50,000 whose client's previous activity
 * (transfer, order or trade of any amount; only when there is none, the client record's {@code lastActivityAt})
 * is >= 180 days earlier; no known previous activity: never (precise reading 8). A dormant account suddenly
 * moving money is a classic account-takeover and money-mule signal. A keyed check on the client's book, which
 * already keeps the last activity: no state of its own.
 */
public final class DormantReactivationRule implements ClientRule {
    public static final String ID = "DORMANT_REACTIVATION";
    private static final long serialVersionUID = 1L;

    /** A transfer >= minAmount after at least {@code dormancy} without activity. */
    public record Settings(TierAmounts minAmount, TierDurations dormancy) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(TierAmounts.all("50000"), TierDurations.all(Duration.ofDays(180))))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "minAmount": {"$ref": "#/$defs/tierAmounts"},
                     "dormancy": {"$ref": "#/$defs/tierDurations"}}}""")
            .client((own, all, env) -> new DormantReactivationRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;

    public DormantReactivationRule(Settings config, String ruleVersion) {
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
        BigDecimal minAmount = config.minAmount().forTier(tier);
        if (t.amount().compareTo(minAmount) < 0) {
            return;
        }
        ClientBook book = client.book();
        // the transfer itself is now the latest activity: the one before it is the previous activity
        boolean fromActivity = book.previousActivityTs != ClientBook.NONE;
        long previous = fromActivity ? book.previousActivityTs : book.recordLastActivityAt;
        String basis = fromActivity ? "activity" : "lastActivityAt";
        if (previous == ClientBook.NONE) {
            return;
        }
        long idle = event.ts() - previous;
        long dormancy = config.dormancy().forTier(tier);
        if (idle < dormancy) {
            return;
        }
        Metrics metrics = Metrics.create()
                .money("amount", t.amount())
                .money("minAmount", minAmount)
                .put("direction", t.direction().name())
                .put("previousActivity", AlertFactory.formatTs(previous, client.zone()))
                .put("previousActivityFrom", basis)
                .put("idleDays", idle / 86_400_000L)
                .put("dormancy", config.dormancy().text(tier))
                .put("tier", tier.name())
                .put("regulation", "dormant account reactivation (休眠账户异动)");
        if (t.bankAccount() != null) {
            metrics.put("bankAccount", Masking.lastFour(t.bankAccount()));
        }
        String summary = "Transfer " + t.direction() + " " + AlertFactory.money(t.amount()) + " CNY after "
                + idle / 86_400_000L + " days without activity";
        alerts.accept(AlertFactory.client(
                ID,
                Severity.MEDIUM,
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
