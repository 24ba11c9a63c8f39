package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.model.Side;
import io.riskwatch.model.Tier;
import io.riskwatch.model.TradeFact;
import io.riskwatch.rule.RuleConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.operator.CepStateProbe;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CEP reversal pattern and the daily count, each in its operator harness, fed like the job feeds them. */
class ExcessiveChurningRuleTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final RuleConfig<ExcessiveChurningRule.Settings> CONFIG =
            ConfigLoader.defaults().rules().of(ExcessiveChurningRule.DEFINITION);
    private static final ExcessiveChurningRule RULE =
            new ExcessiveChurningRule(CONFIG.settings(), CONFIG.ruleVersion(), ZoneId.of("Asia/Shanghai"));
    private static final Instant MIDNIGHT = Instant.parse("2026-11-20T16:00:00Z");

    private CepOperator<TradeFact, String, ExcessiveChurningRule.Reversal> cep;
    private KeyedOneInputStreamOperatorTestHarness<String, TradeFact, ExcessiveChurningRule.Reversal> reversals;
    private KeyedOneInputStreamOperatorTestHarness<String, ExcessiveChurningRule.Reversal, Alert> count;
    private int ids;

    @BeforeEach
    void open() throws Exception {
        Pattern<TradeFact, TradeFact> pattern = RULE.pattern();
        cep = new CepOperator<>(
                TypeInformation.of(TradeFact.class).createSerializer(new SerializerConfigImpl()),
                false,
                NFACompiler.compileFactory(pattern, false),
                null,
                pattern.getAfterMatchSkipStrategy(),
                RULE.process(),
                null);
        reversals = new KeyedOneInputStreamOperatorTestHarness<>(cep, TradeFact::clientSymbolDay, Types.STRING);
        reversals.open();
        count = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                RULE.then().function(), RULE.then().key(), Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        reversals.close();
        count.close();
    }

    private TradeFact trade(String client, String symbol, Side side, Instant at) {
        long day = at.atZone(SHANGHAI).toLocalDate().toEpochDay();
        return new TradeFact(
                client, "B1", Tier.STANDARD, symbol, "x" + (++ids), at.toEpochMilli(), day, side, BigDecimal.TEN, 100);
    }

    /** Sends trades (in order, as the client operator emits them), moves both watermarks, returns the alerts. */
    private List<Alert> run(List<TradeFact> trades, long watermark) throws Exception {
        for (TradeFact t : trades) {
            reversals.processElement(t, t.ts());
        }
        reversals.processWatermark(watermark);
        for (ExcessiveChurningRule.Reversal r : reversals.extractOutputValues()) {
            count.processElement(r, r.trade().ts());
        }
        reversals.getOutput().clear();
        count.processWatermark(watermark);
        return count.extractOutputValues();
    }

    /** Alternating sides, starting with BUY, at the given minutes after the open. */
    private List<TradeFact> alternating(String client, String symbol, int... minutes) {
        List<TradeFact> out = new ArrayList<>();
        for (int i = 0; i < minutes.length; i++) {
            out.add(trade(
                    client, symbol, i % 2 == 0 ? Side.BUY : Side.SELL, OPEN.plus(MINUTE.multipliedBy(minutes[i]))));
        }
        return out;
    }

    @Test
    void firesAtTheFourthReversalWithTheTradesAsEvidence() throws Exception {
        List<TradeFact> trades = alternating("C1", "S", 0, 10, 20, 30, 40);
        List<Alert> alerts = run(trades, OPEN.plus(DAY.dividedBy(4)).toEpochMilli());
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("EXCESSIVE_CHURNING");
            assertThat(a.symbol()).isEqualTo("S");
            assertThat(a.brokerId()).isEqualTo("B1");
            assertThat(a.tsMillis()).isEqualTo(trades.get(4).ts());
            assertThat(a.evidence())
                    .containsExactlyElementsOf(
                            trades.stream().map(TradeFact::eventId).toList());
            assertThat(a.metricsJson())
                    .contains("\"reversals\":4", "\"sides\":[\"BUY\",\"SELL\",\"BUY\",\"SELL\",\"BUY\"]");
        });
    }

    @Test
    void theFourthReversalAtExactly30MinutesCountsOneMillisecondLaterDoesNot() throws Exception {
        List<TradeFact> trades = new ArrayList<>(alternating("C1", "S", 0, 10, 20, 30));
        trades.add(trade("C1", "S", Side.BUY, OPEN.plus(MINUTE.multipliedBy(60)))); // 30 min after the 4th trade
        List<TradeFact> late = new ArrayList<>(alternating("C2", "S", 0, 10, 20, 30));
        late.add(trade("C2", "S", Side.BUY, OPEN.plus(MINUTE.multipliedBy(60)).plus(MS)));
        trades.addAll(late);
        assertThat(run(trades, OPEN.plus(DAY.dividedBy(4)).toEpochMilli()))
                .extracting(Alert::clientId)
                .containsExactly("C1");
    }

    @Test
    void aSameSideFillBecomesTheNewPreviousTrade() throws Exception {
        // B(0) S(10) S(35) B(50) S(55) B(60): S(35) is no reversal but B(50) reverses it within 15 min
        List<TradeFact> trades = List.of(
                trade("C1", "S", Side.BUY, OPEN),
                trade("C1", "S", Side.SELL, OPEN.plus(MINUTE.multipliedBy(10))),
                trade("C1", "S", Side.SELL, OPEN.plus(MINUTE.multipliedBy(35))),
                trade("C1", "S", Side.BUY, OPEN.plus(MINUTE.multipliedBy(50))),
                trade("C1", "S", Side.SELL, OPEN.plus(MINUTE.multipliedBy(55))),
                trade("C1", "S", Side.BUY, OPEN.plus(MINUTE.multipliedBy(60))));
        List<Alert> alerts = run(trades, OPEN.plus(DAY.dividedBy(4)).toEpochMilli());
        assertThat(alerts)
                .singleElement()
                .satisfies(a -> assertThat(a.evidence())
                        .containsExactlyElementsOf(
                                trades.stream().map(TradeFact::eventId).toList()));
    }

    @Test
    void reversalsCountOverTheWholeDayOncePerClientSymbolAndDay() throws Exception {
        List<TradeFact> trades = new ArrayList<>(alternating("C1", "S", 0, 10)); // 1 reversal
        trades.addAll(alternating("C1", "S", 120, 125)); // B after S by 110 min: none; then 1
        trades.addAll(alternating("C1", "S", 240, 245, 250, 255, 260, 265)); // 240 vs 125: none; then 5
        trades.addAll(alternating("C1", "T", 0, 1, 2, 3)); // another symbol: 3 reversals only
        List<Alert> alerts = run(trades, OPEN.plus(DAY.dividedBy(3)).toEpochMilli());
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.symbol()).isEqualTo("S");
            assertThat(a.tsMillis())
                    .isEqualTo(OPEN.plus(MINUTE.multipliedBy(250)).toEpochMilli());
        });
    }

    @Test
    void theNextDayStartsAfreshAndNothingIsLeftWhenTheDayHasEnded() throws Exception {
        List<TradeFact> trades = new ArrayList<>(alternating("C1", "S", 0, 10, 20, 30, 40));
        List<Alert> day1 = run(trades, MIDNIGHT.toEpochMilli() - 1);
        assertThat(day1).hasSize(1);
        String key = trades.get(0).clientSymbolDay();
        assertThat(count.numKeyedStateEntries()).isEqualTo(1);
        run(List.of(), MIDNIGHT.toEpochMilli());
        assertThat(count.numKeyedStateEntries()).isZero();
        assertThat(count.numEventTimeTimers()).isZero();
        assertThat(CepStateProbe.holdsState(cep, key)).isFalse();
        List<Alert> both = run(
                alternating("C1", "S", 24 * 60, 24 * 60 + 5, 24 * 60 + 10, 24 * 60 + 15, 24 * 60 + 20),
                MIDNIGHT.plus(DAY).toEpochMilli());
        assertThat(both).hasSize(2);
        assertThat(both.get(1).alertId()).isNotEqualTo(both.get(0).alertId());
    }
}
