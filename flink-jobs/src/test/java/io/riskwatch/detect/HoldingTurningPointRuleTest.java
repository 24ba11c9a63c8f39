package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.HOUR;
import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.cash;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.position;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.rule.RulesConfig;
import io.riskwatch.scope.SymbolStateFunction;
import io.riskwatch.state.ClientHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * HOLDING_TURNING_POINT end to end through both halves, as the topology wires them: the symbol operator (trend,
 * holder index, one HOLDER_CHECK per holder) in one harness, then the client operator (book, rule) in another.
 */
class HoldingTurningPointRuleTest {
    private static final RulesConfig RULES = ConfigLoader.defaults().rules();
    private static final String S = "600519.SH";
    private static final Duration WINDOW = Duration.ofHours(120);

    /** What one run produced: the alerts and the holders the symbol operator checked. */
    private record Run(List<Alert> alerts, List<String> checked) {
        List<String> directions() {
            return alerts.stream()
                    .map(a -> a.metricsJson().replaceAll(".*\"direction\":\"(\\w+)\".*", "$1"))
                    .toList();
        }
    }

    private static Run run(Event... events) throws Exception {
        return run(RULES.settings(HoldingTurningPointRule.DEFINITION), events);
    }

    private static Run run(HoldingTurningPointRule.Settings config, Event... events) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Event, Event> symbols =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new SymbolStateFunction(
                                7 * 24 * 3_600_000L, List.of(new HoldingTurningPointRule.TurningPoints(config))),
                        Event::symbol,
                        Types.STRING);
        for (Event e : events) {
            if (!e.type().clientKeyed() || e.type() == EventType.TRADE || e.type() == EventType.POSITION) {
                symbols.processElement(e, e.ts());
            }
        }
        symbols.processWatermark(Long.MAX_VALUE);
        List<Event> quotes = symbols.extractOutputValues();
        var side = symbols.getSideOutput(SymbolStateFunction.HOLDER_CHECKS);
        List<Event> checks = side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).toList();
        symbols.close();

        try (ClientHarness clients = new ClientHarness(List.of(new HoldingTurningPointRule(config, "test")))) {
            List<Event> toClients = new ArrayList<>(quotes);
            for (Event e : events) {
                if (e.type().clientKeyed()) {
                    toClients.add(e);
                }
            }
            toClients.addAll(checks);
            clients.send(toClients.toArray(Event[]::new)).end();
            return new Run(
                    clients.alerts(),
                    checks.stream().map(c -> c.holderCheck().clientId()).toList());
        }
    }

    private static Event q(String id, String price, Instant at) {
        return quote(S, price).id(id).at(at).build();
    }

    /** A client holding 1,000 shares and no cash: 100 % of its assets. */
    private static Event[] allIn(String clientId) {
        return new Event[] {
            position(clientId, S, 1000, "100").at(OPEN.minus(HOUR)).build()
        };
    }

    private static Event[] concat(Event[]... parts) {
        List<Event> all = new ArrayList<>();
        for (Event[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(Event[]::new);
    }

    @Test
    void downAtExactlyFivePercentBelowTheHighNotOneCentAbove() throws Exception {
        Run r = run(concat(allIn("C1"), new Event[] {
            q("high", "100.00", OPEN),
            q("above", "95.01", OPEN.plus(MINUTE)),
            q("at", "95.00", OPEN.plus(MINUTE.multipliedBy(2)))
        }));
        assertThat(r.alerts()).hasSize(1);
        Alert a = r.alerts().get(0);
        assertThat(a.rule()).isEqualTo("HOLDING_TURNING_POINT");
        assertThat(a.audience()).isEqualTo(Audience.BROKER);
        assertThat(a.evidence()).containsExactly("high", "at");
        assertThat(a.metricsJson())
                .contains(
                        "\"direction\":\"DOWN\"",
                        "\"windowHigh\":100",
                        "\"price\":95",
                        "\"move\":-0.050000",
                        "\"share\":1.000000");
    }

    @Test
    void aHighThatLeftTheWindowNoLongerCounts() throws Exception {
        // the high is in the window at exactly 120 h (both ends included) ...
        Run inside = run(concat(allIn("C1"), new Event[] {
            q("high", "100.00", OPEN), q("mid", "96.00", OPEN.plus(HOUR)), q("at-edge", "95.00", OPEN.plus(WINDOW))
        }));
        assertThat(inside.alerts()).extracting(a -> a.evidence().get(0)).containsExactly("high");
        // ... and gone 1 ms later: the highest left is 96.00, and 95.00 is only 1 % below it
        Run outside = run(concat(allIn("C1"), new Event[] {
            q("high", "100.00", OPEN),
            q("mid", "96.00", OPEN.plus(HOUR)),
            q("past-edge", "95.00", OPEN.plus(WINDOW).plus(MS))
        }));
        assertThat(outside.alerts()).isEmpty();
    }

    @Test
    void downAndUpAlternate() throws Exception {
        Run r = run(concat(allIn("C1"), new Event[] {
            q("q1", "100.00", OPEN),
            q("q2", "95.00", OPEN.plus(MINUTE.multipliedBy(1))), // DOWN
            q("q3", "90.00", OPEN.plus(MINUTE.multipliedBy(2))), // lower still: not a second DOWN
            q("q4", "94.49", OPEN.plus(MINUTE.multipliedBy(3))), // 4.99 % above the low of 90: nothing
            q("q5", "94.50", OPEN.plus(MINUTE.multipliedBy(4))), // exactly +5 %: UP
            q("q6", "99.00", OPEN.plus(MINUTE.multipliedBy(5))), // higher still: not a second UP
            q("q7", "95.00", OPEN.plus(MINUTE.multipliedBy(6)))
        })); // 5 % below q1, still the window's high: DOWN
        assertThat(r.directions()).containsExactly("DOWN", "UP", "DOWN");
        assertThat(r.alerts())
                .extracting(a -> a.evidence())
                .containsExactly(List.of("q1", "q2"), List.of("q3", "q5"), List.of("q1", "q7"));
    }

    @Test
    void theShareIsCheckedAtThirtyPercentExactly() throws Exception {
        // 300 shares at 95.00 = 28,500.00; with 66,500.00 cash that is exactly 30 % of 95,000.00
        Run r = run(
                position("AT", S, 300, "100").at(OPEN.minus(HOUR)).build(),
                cash("AT", "66500.00").at(OPEN.minus(HOUR)).build(),
                position("BELOW", S, 300, "100").at(OPEN.minus(HOUR)).build(),
                cash("BELOW", "66500.01").at(OPEN.minus(HOUR)).build(),
                q("high", "100.00", OPEN),
                q("turn", "95.00", OPEN.plus(MINUTE)));
        assertThat(r.checked()).containsExactlyInAnyOrder("AT", "BELOW"); // both hold: both are checked
        assertThat(r.alerts()).extracting(Alert::clientId).containsExactly("AT");
    }

    @Test
    void aClientCrossingThirtyPercentBetweenTwoTurningPointsIsWarnedAtTheSecond() throws Exception {
        Run r = run(
                position("C2", S, 100, "100").at(OPEN.minus(HOUR)).build(),
                cash("C2", "30000.00").at(OPEN.minus(HOUR)).build(),
                q("q1", "100.00", OPEN),
                q("q2", "95.00", OPEN.plus(MINUTE)), // DOWN: 9,500 of 39,500 = 24 %
                trade("C2", S, "BUY", "95.00", 300)
                        .at(OPEN.plus(MINUTE.multipliedBy(2)))
                        .build(),
                q("q3", "90.00", OPEN.plus(MINUTE.multipliedBy(3))),
                q("q4", "94.50", OPEN.plus(MINUTE.multipliedBy(4)))); // UP: 37,800 of 39,300 = 96 %
        assertThat(r.directions()).containsExactly("UP");
    }

    @Test
    void aClientWhoSoldBeforeTheTurningPointIsNotCheckedNorWarned() throws Exception {
        Run r = run(concat(allIn("SOLD"), allIn("KEPT"), new Event[] {
            q("high", "100.00", OPEN),
            trade("SOLD", S, "SELL", "96.00", 1000)
                    .at(OPEN.plus(MINUTE).minus(MS))
                    .build(),
            q("turn", "95.00", OPEN.plus(MINUTE))
        }));
        assertThat(r.checked()).containsExactly("KEPT");
        assertThat(r.alerts()).extracting(Alert::clientId).containsExactly("KEPT");
    }

    @Test
    void aBuyAtTheSameInstantAsTheTurningQuoteComesAfterIt() throws Exception {
        Run r = run(
                q("high", "100.00", OPEN),
                trade("LATE", S, "BUY", "95.00", 1000).at(OPEN.plus(MINUTE)).build(),
                q("turn", "95.00", OPEN.plus(MINUTE)));
        assertThat(r.checked()).isEmpty();
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void theAlertNamesTheBrokerOrNoneWhenTheClientHasNoBrokerOnRecord() throws Exception {
        Run r = run(concat(allIn("WITH"), allIn("WITHOUT"), new Event[] {
            client("WITH", "STANDARD")
                    .with("brokerId", "B007")
                    .at(OPEN.minus(HOUR))
                    .build(),
            q("high", "100.00", OPEN),
            q("turn", "95.00", OPEN.plus(MINUTE))
        }));
        assertThat(r.alerts())
                .extracting(Alert::clientId, Alert::brokerId, Alert::audience)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("WITH", "B007", Audience.BROKER), Tuple.tuple("WITHOUT", null, Audience.BROKER));
    }

    @Test
    void withTheMovingAverageCrossDefinitionAHolderIsWarnedAtTheCross() throws Exception {
        HoldingTurningPointRule.Settings t = RULES.settings(HoldingTurningPointRule.DEFINITION);
        HoldingTurningPointRule.Settings maCross = new HoldingTurningPointRule.Settings(
                t.moveFraction(), t.window(), t.minShare(), "MA_CROSS", new HoldingTurningPointRule.MaCross(2, 3));
        // 1-minute closes 10, 10, 10, 9, 12: the 2-bar average crosses above the 3-bar one when minute 4 closes,
        // seen at minute 5's first quote; a 5 % move never happens, so the default definition stays silent
        String[] closes = {"10.00", "10.00", "10.00", "9.90", "10.20", "10.20"};
        List<Event> events = new ArrayList<>(List.of(allIn("C1")));
        for (int i = 0; i < closes.length; i++) {
            events.add(q("m" + i, closes[i], OPEN.plus(MINUTE.multipliedBy(i))));
        }
        Run r = run(maCross, events.toArray(Event[]::new));
        assertThat(r.directions()).containsExactly("UP");
        assertThat(r.alerts().get(0).evidence()).containsExactly("m4", "m5");
        assertThat(r.alerts().get(0).metricsJson()).contains("\"definition\":\"MA_CROSS\"");
        assertThat(run(events.toArray(Event[]::new)).alerts()).isEmpty();
    }
}
