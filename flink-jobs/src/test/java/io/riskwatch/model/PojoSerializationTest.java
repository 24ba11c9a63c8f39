package io.riskwatch.model;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import io.riskwatch.alert.Alert;
import io.riskwatch.state.ClientBook;
import io.riskwatch.state.SymbolHistory;
import io.riskwatch.state.SymbolPoint;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type that crosses an operator or lives in state is a Flink POJO: no Kryo anywhere. */
class PojoSerializationTest {
    static List<Class<?>> types() {
        return List.of(Event.class, Transfer.class, Order.class, Cancel.class, Trade.class, Quote.class,
                ClientRecord.class, SecurityRecord.class, PositionSnapshot.class, CashSnapshot.class,
                DeadLetter.class, SourceRecord.class, Alert.class, ClientBook.class,
                SymbolHistory.class, SymbolPoint.class);
    }

    @ParameterizedTest
    @MethodSource("types")
    void isSerializedAsPojoWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }
}
