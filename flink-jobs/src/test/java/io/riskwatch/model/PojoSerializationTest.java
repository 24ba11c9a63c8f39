package io.riskwatch.model;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import io.riskwatch.alert.Alert;
import io.riskwatch.control.RulesStatus;
import io.riskwatch.control.RulesSubmission;
import io.riskwatch.detect.CumulativeTransferRule;
import io.riskwatch.detect.ExcessiveChurningRule;
import io.riskwatch.detect.FrequentCancelsRule;
import io.riskwatch.detect.MovingAverageCross;
import io.riskwatch.detect.RampingRule;
import io.riskwatch.detect.RapidInOutRule;
import io.riskwatch.detect.SelfTradeRule;
import io.riskwatch.detect.SpoofingRule;
import io.riskwatch.detect.TurningPointTrend;
import io.riskwatch.state.AppliedIds;
import io.riskwatch.state.ClientBook;
import io.riskwatch.state.GroupBook;
import io.riskwatch.state.SymbolHistory;
import io.riskwatch.state.SymbolPoint;
import io.riskwatch.suppress.SuppressedAlert;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type that crosses an operator or lives in state is a Flink POJO: no Kryo anywhere. */
class PojoSerializationTest {
    static List<Class<?>> types() {
        return List.of(
                Event.class,
                Transfer.class,
                Order.class,
                Cancel.class,
                Trade.class,
                Quote.class,
                ClientRecord.class,
                SecurityRecord.class,
                PositionSnapshot.class,
                CashSnapshot.class,
                DeadLetter.class,
                SourceRecord.class,
                Alert.class,
                ClientBook.class,
                SymbolHistory.class,
                SymbolPoint.class,
                AppliedIds.class,
                TurningPointTrend.class,
                MovingAverageCross.class,
                TradeFact.class,
                RulesUpdate.class,
                SuppressedAlert.class,
                RulesStatus.class,
                RulesSubmission.class,
                CumulativeTransferRule.DailyFlow.class,
                ExcessiveChurningRule.Day.class,
                ExcessiveChurningRule.Reversal.class,
                FrequentCancelsRule.Window.class,
                RapidInOutRule.OpenIns.class,
                TransferFact.class,
                OpenOrder.class,
                GroupPosition.class,
                GroupFact.class,
                MarketPoint.class,
                GroupBook.class,
                GroupBook.Waiting.class,
                SpoofingRule.Day.class,
                SpoofingRule.Episode.class,
                RampingRule.Recent.class,
                RampingRule.Counted.class,
                SelfTradeRule.Matches.class);
    }

    @ParameterizedTest
    @MethodSource("types")
    void isSerializedAsPojoWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }
}
