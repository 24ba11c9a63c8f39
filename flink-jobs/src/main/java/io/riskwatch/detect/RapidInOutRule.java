package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.Tier;
import io.riskwatch.model.Trade;
import io.riskwatch.model.Transfer;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.rule.TierDurations;
import io.riskwatch.state.ClientView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * RAPID_IN_OUT 快进快出 (RISK, HIGH): an IN transfer of A >= 100,000 followed within 48 h by OUT transfers
 * summing to >= 0.8 x A, while the client's traded notional (price x quantity, any symbol, both sides) between
 * that IN and the OUT that reaches the sum is < 0.2 x A; fires at that OUT, once per IN (precise reading 7).
 * The money-laundering typology of funds passing through a securities account without investment.
 * Keyed state rather than CEP: every IN is tracked on its own, each OUT counts towards every open IN and each
 * trade adds to every open IN's notional, which is a fold over running sums, not a single pattern match.
 * An IN leaves the state when it closes or when its window has passed (timer).
 */
public final class RapidInOutRule implements ClientRule {
    public static final String ID = "RAPID_IN_OUT";
    private static final long serialVersionUID = 1L;

    /** One open IN transfer and what happened since. */
    public static class OpenIn {
        public String eventId;
        public EvidenceEvent evidence;
        public long ts;
        public long deadline;
        public BigDecimal amount;
        public String tier;
        public BigDecimal outSum = BigDecimal.ZERO;
        public BigDecimal traded = BigDecimal.ZERO;
        public long trades;
        public List<EvidenceEvent> outs = new ArrayList<>();
        public List<BigDecimal> outAmounts = new ArrayList<>();

        public OpenIn() {}
    }

    /** The open INs of one client, in processing order. */
    public static class OpenIns {
        public List<OpenIn> open = new ArrayList<>();

        public OpenIns() {}
    }

    /** An IN >= minIn, OUTs >= outFraction x IN within the window, trading < maxTradedFraction x IN in between. */
    public record Settings(
            BigDecimal outFraction, BigDecimal maxTradedFraction, TierAmounts minIn, TierDurations window)
            implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.HIGH)
            .defaults(new Settings(
                    new BigDecimal("0.8"),
                    new BigDecimal("0.2"),
                    TierAmounts.all("100000"),
                    TierDurations.all(Duration.ofHours(48))))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"},
                     "outFraction": {"$ref": "#/$defs/fraction"}, "maxTradedFraction": {"$ref": "#/$defs/fraction"},
                     "minIn": {"$ref": "#/$defs/tierAmounts"}, "window": {"$ref": "#/$defs/tierDurations"}}}""")
            .client((own, all, env) -> new RapidInOutRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private transient ValueState<OpenIns> state;

    public RapidInOutRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void open(RuntimeContext context) {
        state = context.getState(new ValueStateDescriptor<>("rapid-in-out-open", TypeInformation.of(OpenIns.class)));
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) throws Exception {
        if (event.type() == EventType.TRADE) {
            OpenIns s = state.value();
            if (s == null) {
                return;
            }
            Trade t = event.trade();
            BigDecimal notional = t.price().multiply(BigDecimal.valueOf(t.quantity()));
            for (OpenIn in : s.open) {
                in.traded = in.traded.add(notional);
                in.trades++;
            }
            state.update(s);
            return;
        }
        if (event.type() != EventType.TRANSFER) {
            return;
        }
        Transfer t = event.transfer();
        switch (t.direction()) {
            case IN -> {
                Tier tier = client.tier();
                if (t.amount().compareTo(config.minIn().forTier(tier)) < 0) {
                    return;
                }
                OpenIns s = state.value();
                if (s == null) {
                    s = new OpenIns();
                }
                OpenIn in = new OpenIn();
                in.eventId = event.eventId();
                in.evidence = EvidenceEvents.of(event, client.zone());
                in.ts = event.ts();
                in.deadline = event.ts() + config.window().forTier(tier);
                in.amount = t.amount();
                in.tier = tier.name();
                s.open.add(in);
                state.update(s);
                client.wakeAt(in.deadline + 1);
            }
            case OUT -> {
                OpenIns s = state.value();
                if (s == null) {
                    return;
                }
                List<OpenIn> still = new ArrayList<>();
                for (OpenIn in : s.open) {
                    if (event.ts() > in.deadline) {
                        continue; // its window has passed
                    }
                    in.outSum = in.outSum.add(t.amount());
                    in.outs.add(EvidenceEvents.of(event, client.zone()));
                    in.outAmounts.add(t.amount());
                    BigDecimal required = in.amount.multiply(config.outFraction());
                    if (in.outSum.compareTo(required) < 0) {
                        still.add(in);
                        continue;
                    }
                    // the IN closes here: it fires only if the client barely traded in between
                    BigDecimal tradedLimit = in.amount.multiply(config.maxTradedFraction());
                    if (in.traded.compareTo(tradedLimit) < 0) {
                        alerts.accept(alert(in, required, tradedLimit, event, client));
                    }
                }
                if (still.isEmpty()) {
                    state.clear();
                } else {
                    s.open = still;
                    state.update(s);
                }
            }
        }
    }

    private Alert alert(OpenIn in, BigDecimal required, BigDecimal tradedLimit, Event out, ClientView client) {
        List<EvidenceEvent> evidence = new ArrayList<>();
        evidence.add(in.evidence);
        evidence.addAll(in.outs);
        Metrics metrics = Metrics.create()
                .money("inAmount", in.amount)
                .money("outSum", in.outSum)
                .money("outRequired", required)
                .moneyList("outAmounts", in.outAmounts)
                .money("tradedNotional", in.traded)
                .money("tradedLimit", tradedLimit)
                .put("trades", in.trades)
                .put("window", config.window().text(Tier.valueOf(in.tier)))
                .put("elapsedMillis", out.ts() - in.ts)
                .put("tier", in.tier)
                .put("regulation", "快进快出: funds in and out of a securities account with little trading (AML typology)");
        String summary = "IN " + AlertFactory.money(in.amount) + " CNY, OUT " + AlertFactory.money(in.outSum)
                + " within " + Math.round((out.ts() - in.ts) / 3_600_000.0) + " h, traded only "
                + AlertFactory.money(in.traded);
        return AlertFactory.client(
                ID,
                Severity.HIGH,
                ruleVersion,
                client,
                client.clientId() + "|" + in.eventId,
                null,
                out,
                evidence,
                summary,
                metrics);
    }

    @Override
    public void onTimer(long ts, ClientView client, Consumer<Alert> alerts) throws Exception {
        OpenIns s = state.value();
        if (s == null) {
            return;
        }
        s.open.removeIf(in -> in.deadline < ts);
        if (s.open.isEmpty()) {
            state.clear();
        } else {
            state.update(s);
        }
    }
}
