package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.EventType;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.Side;
import java.math.BigDecimal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The group book's self-match table (reading 20, 22(d)): a trade waits under its symbol and matchId until an
 * opposite-side trade of the group pairs with it; the key then ignores further trades that day. The rule-level
 * boundaries are in SelfTradeRuleTest; this checks the table under many keys and what a waiting trade keeps.
 */
class GroupBookTest {
    private static final long DAY = 20_000;

    private static GroupFact trade(
            String eventId, String client, String symbol, Side side, String price, long qty, String matchId) {
        return new GroupFact(
                "G1",
                false,
                EventType.TRADE,
                1_000L + eventId.hashCode(),
                DAY,
                client,
                "B1",
                eventId,
                symbol,
                side,
                new BigDecimal(price),
                qty,
                matchId,
                null,
                null,
                null,
                false);
    }

    private static GroupBook book() {
        GroupBook b = new GroupBook();
        b.startDay(DAY);
        return b;
    }

    @Test
    void aWaitingTradeKeepsWhatItsEvidenceNeeds() {
        GroupBook b = book();
        String longId = "e-" + "x".repeat(40_000) + "-名";
        assertThat(b.apply(trade(longId, "C1", "600000.SH", Side.BUY, "10.500", 300, "M1"), false, true))
                .isNull();
        GroupBook.SelfMatch m = b.apply(trade("e2", "C2", "600000.SH", Side.SELL, "10.5", 200, "M1"), false, true);

        assertThat(m).isNotNull();
        assertThat(m.quantity()).isEqualTo(200);
        assertThat(m.waiting().eventId()).isEqualTo(longId);
        assertThat(m.waiting().orderId()).isNull(); // the client operator had not seen the order
        assertThat(m.waiting().price()).isEqualTo(new BigDecimal("10.500")); // its scale kept
        assertThat(m.waiting().clientId()).isEqualTo("C1");
        assertThat(m.waiting().side()).isEqualTo(Side.BUY);
        assertThat(m.first().eventId()).isEqualTo(longId);
    }

    @Test
    void sameSideWaitsBehindTheEarliestAndAMatchedKeyIgnoresLaterTrades() {
        GroupBook b = book();
        assertThat(b.apply(trade("e1", "C1", "S", Side.BUY, "1", 100, "M"), false, true))
                .isNull();
        assertThat(b.apply(trade("e2", "C1", "S", Side.BUY, "1", 50, "M"), false, true))
                .isNull();
        GroupBook.SelfMatch m = b.apply(trade("e3", "C2", "S", Side.SELL, "1", 70, "M"), false, true);
        assertThat(m.waiting().eventId()).isEqualTo("e1");
        assertThat(b.apply(trade("e4", "C2", "S", Side.SELL, "1", 50, "M"), false, true))
                .isNull();
        assertThat(b.apply(trade("e5", "C1", "S", Side.BUY, "1", 50, "M"), false, true))
                .isNull();
        // another symbol with the same matchId is another key
        assertThat(b.apply(trade("e6", "C1", "T", Side.BUY, "1", 50, "M"), false, true))
                .isNull();
        assertThat(b.apply(trade("e7", "C2", "T", Side.SELL, "1", 50, "M"), false, true))
                .isNotNull();
    }

    @Test
    void tenThousandKeysEachPairOnceAndTheDayEndEmptiesTheTable() {
        GroupBook b = book();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            assertThat(b.apply(trade("b" + i, "C1", "S" + (i % 7), Side.BUY, "2.0" + i, 1 + i, "M" + i), false, true))
                    .isNull();
        }
        assertThat(b.isEmpty()).isFalse();
        for (int i = n - 1; i >= 0; i--) {
            GroupBook.SelfMatch m =
                    b.apply(trade("s" + i, "C2", "S" + (i % 7), Side.SELL, "2.0" + i, 5, "M" + i), false, true);
            assertThat(m).as("key %d", i).isNotNull();
            assertThat(m.waiting().eventId()).isEqualTo("b" + i);
            assertThat(m.waiting().price()).isEqualTo(new BigDecimal("2.0" + i));
            assertThat(m.quantity()).isEqualTo(Math.min(1 + i, 5));
        }
        assertThat(b.pairCount).isEqualTo(n); // matched keys stay until the day's end
        b.startDay(DAY + 1);
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.pairs).isNull();
    }

    @Test
    void waitingAndMatchedKeysSurviveACheckpoint() throws Exception {
        GroupBook b = book();
        b.apply(trade("e1", "C1", "S", Side.BUY, "3.10", 100, "M1"), false, true);
        b.apply(trade("e2", "C1", "S", Side.BUY, "3.10", 100, "M2"), false, true);
        b.apply(trade("e3", "C2", "S", Side.SELL, "3.10", 100, "M2"), false, true);
        TypeSerializer<GroupBook> serializer =
                TypeInformation.of(GroupBook.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer bytes = new DataOutputSerializer(256);
        serializer.serialize(b, bytes);

        GroupBook restored = serializer.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));

        assertThat(restored.day).isEqualTo(DAY);
        assertThat(restored.pairCount).isEqualTo(2);
        GroupBook.SelfMatch m = restored.apply(trade("e4", "C2", "S", Side.SELL, "3.1", 40, "M1"), false, true);
        assertThat(m.waiting().eventId()).isEqualTo("e1");
        assertThat(m.waiting().price()).isEqualTo(new BigDecimal("3.10"));
        assertThat(restored.apply(trade("e5", "C1", "S", Side.BUY, "3.1", 40, "M2"), false, true))
                .isNull(); // M2 was matched before the checkpoint
    }
}
