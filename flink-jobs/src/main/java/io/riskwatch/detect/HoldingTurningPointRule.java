package io.riskwatch.detect;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Severity;
import io.riskwatch.config.RulesConfig;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.HolderCheck;
import io.riskwatch.model.Tier;
import io.riskwatch.state.ClientView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Consumer;

/**
 * HOLDING_TURNING_POINT (重仓股转折点), the client half: the symbol operator finds the turning point
 * ({@link TurningPointTrend}) and sends a {@link EventType#HOLDER_CHECK} to every client holding the symbol; here,
 * at that quote's place in the client's processing order, the holding's share of total assets is checked and
 * the client's broker warned when it is at least {@code minShare}. Quantity must be > 0 and total assets > 0
 * (precise readings 12 and 13). One alert per client per turning point (the evidence names the quotes).
 */
public final class HoldingTurningPointRule implements ClientRule {
    private static final long serialVersionUID = 1L;
    public static final String ID = "HOLDING_TURNING_POINT";

    private final RulesConfig.TurningPoint config;

    public HoldingTurningPointRule(RulesConfig.TurningPoint config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void onEvent(Event event, ClientView client, Consumer<Alert> alerts) {
        if (event.type() != EventType.HOLDER_CHECK) {
            return;
        }
        HolderCheck c = event.holderCheck();
        long quantity = client.book().quantityOf(c.symbol());
        BigDecimal total = client.totalAssets();
        if (quantity <= 0 || total.signum() <= 0) {
            return;
        }
        BigDecimal value = client.holdingValue(c.symbol());
        Tier tier = client.tier();
        BigDecimal minShare = config.minShare().forTier(tier);
        if (value.compareTo(minShare.multiply(total)) < 0) {
            return;
        }
        BigDecimal share = value.divide(total, 6, RoundingMode.HALF_EVEN);
        BigDecimal move = c.price().subtract(c.extremePrice()).divide(c.extremePrice(), 6, RoundingMode.HALF_EVEN);
        String pct = move.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
        Metrics metrics = Metrics.create()
                .put("direction", c.direction())
                .put("price", c.price());
        if (config.maCross()) {
            metrics.put("definition", "MA_CROSS")
                    .put("lastBarClose", c.extremePrice())
                    .put("lastBarCloseAt", AlertFactory.formatTs(c.extremeTs(), client.zone()))
                    .put("shortBars", config.shortBars())
                    .put("longBars", config.longBars());
        } else {
            metrics.put(c.direction().equals("DOWN") ? "windowHigh" : "windowLow", c.extremePrice())
                    .put("windowExtremeAt", AlertFactory.formatTs(c.extremeTs(), client.zone()))
                    .put("move", move)
                    .put("moveFraction", config.moveFraction())
                    .put("window", (config.windowMillis() / 3_600_000L) + "h");
        }
        metrics.put("quantity", quantity)
                .money("holdingValue", value)
                .money("totalAssets", total)
                .put("share", share)
                .put("minShare", minShare)
                .put("tier", tier.name());
        String why = config.maCross()
                ? config.shortBars() + "-minute average crossed " + (c.direction().equals("UP") ? "above" : "below")
                        + " the " + config.longBars() + "-minute average, now " + c.price().toPlainString()
                : (move.signum() > 0 ? "+" : "") + pct + " % from the trailing "
                        + (c.direction().equals("DOWN") ? "high " : "low ") + c.extremePrice().toPlainString()
                        + " to " + c.price().toPlainString();
        String summary = c.symbol() + " turned " + c.direction() + " (" + why + "); it is "
                + share.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString()
                + " % of the client's assets (" + AlertFactory.money(value) + " CNY)";
        alerts.accept(AlertFactory.broker(ID, Severity.MEDIUM, config.settings().ruleVersion(), client,
                client.clientId() + "|" + c.symbol(), c.symbol(), event,
                List.of(c.extremeEventId(), c.quoteEventId()), summary, metrics));
    }
}
