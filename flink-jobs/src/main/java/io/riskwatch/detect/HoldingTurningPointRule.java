package io.riskwatch.detect;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.HolderCheck;
import io.riskwatch.model.Tier;
import io.riskwatch.rule.ClientRule;
import io.riskwatch.rule.DurationText;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.SymbolRule;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.state.ClientView;
import io.riskwatch.state.SymbolPoint;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * HOLDING_TURNING_POINT (重仓股转折点), the client half: the symbol operator finds the turning point
 * ({@link TurningPointTrend}) and sends a {@link EventType#HOLDER_CHECK} to every client holding the symbol; here,
 * at that quote's place in the client's processing order, the holding's share of total assets is checked and
 * the client's broker warned when it is at least {@code minShare}. Quantity must be > 0 and total assets > 0
 * (precise readings 12 and 13). One alert per client per turning point (the evidence names the quotes).
 *
 * <p>The symbol half ({@link TurningPoints}) runs in the symbol operator: at each quote it follows the trend and,
 * at a turning point, hands a HOLDER_CHECK to every holder's client operator.
 */
public final class HoldingTurningPointRule implements ClientRule {
    private static final long serialVersionUID = 1L;
    public static final String ID = "HOLDING_TURNING_POINT";

    /**
     * A quote at least {@code moveFraction} below the trailing window's high (DOWN) or above its low (UP),
     * alternating; holders with at least {@code minShare} of total assets are warned. With {@code definition:
     * MA_CROSS}, a turning point is instead a cross of the short and long moving averages of 1-minute closes.
     */
    public record Settings(
            BigDecimal moveFraction,

            @JsonDeserialize(using = DurationText.Reader.class) @JsonSerialize(using = DurationText.Writer.class)
            long window,

            TierAmounts minShare,
            String definition,
            MaCross maCross)
            implements Serializable {

        boolean usesMaCross() {
            return "MA_CROSS".equals(definition);
        }
    }

    /** The moving averages of {@code definition: MA_CROSS}, in 1-minute bars. */
    public record MaCross(int shortBars, int longBars) implements Serializable {}

    public static final RuleDefinition<Settings> DEFINITION = RuleDefinition.of(ID, Settings.class)
            .audience(Audience.BROKER)
            .severity(Severity.MEDIUM)
            .burstsByDesign() // a turning point warns every heavy holder's broker at once
            .defaults(new Settings(
                    new BigDecimal("0.05"),
                    Duration.ofHours(120).toMillis(),
                    TierAmounts.all("0.30"),
                    "EXTREMES",
                    new MaCross(5, 20)))
            .schema("""
                    {"type": "object", "additionalProperties": false,
                     "properties": {
                       "enabled": {"type": "boolean"}, "moveFraction": {"$ref": "#/$defs/fraction"},
                       "window": {"$ref": "#/$defs/duration"}, "minShare": {"$ref": "#/$defs/tierFractions"},
                       "definition": {"enum": ["EXTREMES", "MA_CROSS"]},
                       "maCross": {"type": "object", "additionalProperties": false,
                                   "required": ["shortBars", "longBars"],
                                   "properties": {
                                     "shortBars": {"type": "integer", "minimum": 1, "maximum": 240},
                                     "longBars": {"type": "integer", "minimum": 2, "maximum": 1440}}}}}""")
            .symbol((own, all, env) -> new TurningPoints(own.settings()))
            .client((own, all, env) -> new HoldingTurningPointRule(own.settings(), own.ruleVersion()))
            // minShare is the client half's: it follows a published version; the trend's settings need a restart
            .builtAtStart((s, all) -> List.of(s.moveFraction(), s.window(), s.definition(), s.maCross()))
            .build();

    private final Settings config;
    private final String ruleVersion;

    public HoldingTurningPointRule(Settings config, String ruleVersion) {
        this.config = config;
        this.ruleVersion = ruleVersion;
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
        Metrics metrics = Metrics.create().put("direction", c.direction()).put("price", c.price());
        if (config.usesMaCross()) {
            metrics.put("definition", "MA_CROSS")
                    .put("lastBarClose", c.extremePrice())
                    .put("lastBarCloseAt", AlertFactory.formatTs(c.extremeTs(), client.zone()))
                    .put("shortBars", config.maCross().shortBars())
                    .put("longBars", config.maCross().longBars());
        } else {
            metrics.put(c.direction().equals("DOWN") ? "windowHigh" : "windowLow", c.extremePrice())
                    .put("windowExtremeAt", AlertFactory.formatTs(c.extremeTs(), client.zone()))
                    .put("move", move)
                    .put("moveFraction", config.moveFraction())
                    .put("window", (config.window() / 3_600_000L) + "h");
        }
        metrics.put("quantity", quantity)
                .money("holdingValue", value)
                .money("totalAssets", total)
                .put("share", share)
                .put("minShare", minShare)
                .put("tier", tier.name());
        String why = config.usesMaCross()
                ? config.maCross().shortBars() + "-minute average crossed "
                        + (c.direction().equals("UP") ? "above" : "below") + " the "
                        + config.maCross().longBars() + "-minute average, now "
                        + c.price().toPlainString()
                : (move.signum() > 0 ? "+" : "") + pct + " % from the trailing "
                        + (c.direction().equals("DOWN") ? "high " : "low ")
                        + c.extremePrice().toPlainString()
                        + " to " + c.price().toPlainString();
        String summary = c.symbol() + " turned " + c.direction() + " (" + why + "); it is "
                + share.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString()
                + " % of the client's assets (" + AlertFactory.money(value) + " CNY)";
        alerts.accept(AlertFactory.broker(
                ID,
                Severity.MEDIUM,
                ruleVersion,
                client,
                client.clientId() + "|" + c.symbol(),
                c.symbol(),
                event,
                List.of(
                        EvidenceEvents.of(
                                new SymbolPoint(c.extremeTs(), c.extremeEventId(), c.extremePrice(), null),
                                c.symbol(),
                                client.zone()),
                        EvidenceEvents.of(
                                new SymbolPoint(event.ts(), c.quoteEventId(), c.price(), null),
                                c.symbol(),
                                client.zone())),
                summary,
                metrics));
    }

    /**
     * The symbol half: follows the trailing high and low ({@link TurningPointTrend}) or the moving averages
     * ({@link MovingAverageCross}) of one symbol and, at a turning point, sends one HOLDER_CHECK per holder.
     */
    static final class TurningPoints implements SymbolRule {
        private static final long serialVersionUID = 1L;
        private final Settings config;
        private final TurningPointTrend.Move move;
        private transient ValueState<TurningPointTrend> trend;
        private transient ValueState<MovingAverageCross> cross;

        TurningPoints(Settings config) {
            this.config = config;
            this.move = TurningPointTrend.Move.of(config.moveFraction());
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public void open(RuntimeContext context) {
            trend = context.getState(
                    new ValueStateDescriptor<>("turning-point-trend", TypeInformation.of(TurningPointTrend.class)));
            cross = context.getState(
                    new ValueStateDescriptor<>("turning-point-ma-cross", TypeInformation.of(MovingAverageCross.class)));
        }

        @Override
        public void onQuote(Event quote, Iterable<Map.Entry<String, Long>> holders, Consumer<Event> toHolders)
                throws Exception {
            SymbolPoint point =
                    new SymbolPoint(quote.ts(), quote.eventId(), quote.quote().price(), null);
            TurningPointTrend.Turn turn;
            if (config.usesMaCross()) {
                MovingAverageCross m = cross.value();
                if (m == null) {
                    m = new MovingAverageCross();
                }
                turn = m.add(
                        point, config.maCross().shortBars(), config.maCross().longBars());
                cross.update(m);
            } else {
                TurningPointTrend t = trend.value();
                if (t == null) {
                    t = new TurningPointTrend();
                }
                turn = t.add(point, config.window(), move);
                trend.update(t);
            }
            if (turn == null) {
                return;
            }
            String symbol = quote.quote().symbol();
            String id = "tp:" + symbol + ":" + quote.eventId();
            String source = "turning point " + turn.direction() + " of " + symbol + " at " + quote.eventId();
            for (Map.Entry<String, Long> h : holders) {
                HolderCheck check = new HolderCheck(
                        h.getKey(),
                        symbol,
                        turn.direction(),
                        quote.quote().price(),
                        quote.eventId(),
                        turn.extreme().price(),
                        turn.extreme().eventId(),
                        turn.extreme().ts());
                toHolders.accept(Event.of(EventType.HOLDER_CHECK, id, quote.ts(), source, null, check));
            }
        }
    }
}
