package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.EvidenceEvent;
import io.riskwatch.model.Tier;
import io.riskwatch.model.Transfer;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.state.ClientView;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * CUMULATIVE_TRANSFER 当日累计大额 (RISK, MEDIUM): the sum of one client's same-direction transfers in one
 * trading day reaches the threshold of the tier in force at the transfer that reaches it (precise reading 6);
 * fires at that transfer, once per client, direction and day. Serves PBOC large-value reporting, which counts
 * single and same-day cumulative amounts. Keyed state (a running daily sum), not CEP: a sum is not a sequence.
 * The day's state is dropped by a timer at the start of the next trading day.
 */
public final class CumulativeTransferRule implements ClientRule {
    public static final String ID = "CUMULATIVE_TRANSFER";
    private static final long serialVersionUID = 1L;

    /** One direction's transfers on one trading day. */
    public static class DailyFlow {
        public long epochDay;
        public BigDecimal sum = BigDecimal.ZERO;
        public boolean fired;
        public List<EvidenceEvent> transfers = new ArrayList<>();
        public List<BigDecimal> amounts = new ArrayList<>();

        public DailyFlow() {}
    }

    /** @param threshold per tier, CNY: the day's same-direction sum that fires */
    public record Settings(TierAmounts threshold) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.RISK)
            .severity(Severity.MEDIUM)
            .defaults(new Settings(TierAmounts.of("1000000", "5000000", "20000000")))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {"enabled": {"type": "boolean"}, "threshold": {"$ref": "#/$defs/tierAmounts"}}}""")
            .client((own, all, env) -> new CumulativeTransferRule(own.settings(), own.ruleVersion()))
            .build();

    private final Settings config;
    private final String ruleVersion;
    private transient MapState<String, DailyFlow> flows;

    public CumulativeTransferRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void open(RuntimeContext context) {
        flows = context.getMapState(new MapStateDescriptor<>(
                "cumulative-transfer-flows", Types.STRING, TypeInformation.of(DailyFlow.class)));
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) throws Exception {
        if (event.type() != EventType.TRANSFER) {
            return;
        }
        Transfer t = event.transfer();
        LocalDate day = client.tradingDay(event);
        String direction = t.direction().name();
        DailyFlow flow = flows.get(direction);
        if (flow == null || flow.epochDay != day.toEpochDay()) {
            flow = new DailyFlow();
            flow.epochDay = day.toEpochDay();
            client.wakeAt(client.startOfNextDay(day));
        }
        flow.sum = flow.sum.add(t.amount());
        flow.transfers.add(EvidenceEvents.of(event, client.zone()));
        flow.amounts.add(t.amount());
        Tier tier = client.tier();
        BigDecimal threshold = config.threshold().forTier(tier);
        if (!flow.fired && flow.sum.compareTo(threshold) >= 0) {
            flow.fired = true;
            Metrics metrics = Metrics.create()
                    .money("sum", flow.sum)
                    .money("threshold", threshold)
                    .put("direction", direction)
                    .put("tier", tier.name())
                    .put("tradingDay", day.toString())
                    .put("transfers", flow.transfers.size())
                    .moneyList("amounts", flow.amounts)
                    .put("regulation", "PBOC large-value transaction reporting (same-day cumulative)");
            String summary = "Transfers " + direction + " on " + day + " sum to " + AlertFactory.money(flow.sum)
                    + " CNY >= " + AlertFactory.money(threshold) + " (" + tier + ", " + flow.transfers.size()
                    + " transfers)";
            // the key names client, direction and day: once per client, direction, day
            alerts.accept(AlertFactory.client(
                    ID,
                    Severity.MEDIUM,
                    ruleVersion,
                    client,
                    client.clientId() + "|" + direction + "|" + day,
                    null,
                    event,
                    flow.transfers,
                    summary,
                    metrics));
        }
        flows.put(direction, flow);
    }

    @Override
    public void onTimer(long ts, ClientView client, Consumer<Alert> alerts) throws Exception {
        long today = client.tradingDay(ts).toEpochDay();
        Iterator<Map.Entry<String, DailyFlow>> it = flows.iterator();
        boolean any = false;
        while (it.hasNext()) {
            if (it.next().getValue().epochDay < today) {
                it.remove();
            } else {
                any = true;
            }
        }
        if (!any) {
            flows.clear();
        }
    }
}
