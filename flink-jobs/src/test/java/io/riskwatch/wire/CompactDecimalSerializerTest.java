package io.riskwatch.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.BigDecSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer contract (copy, snapshot, round trip, concurrency) from {@link SerializerTestBase}, then what
 * the compact form is for: value and scale kept at both ends of the long range and beyond it, and the snapshot's
 * answer to state written by {@link BigDecSerializer}.
 */
class CompactDecimalSerializerTest extends SerializerTestBase<BigDecimal> {
    private static final BigDecimal LARGEST_COMPACT = new BigDecimal("999999999999999999"); // 18 digits
    private static final BigDecimal SMALLEST_WIDE = new BigDecimal("1000000000000000000"); // 19 digits

    @Override
    protected TypeSerializer<BigDecimal> createSerializer() {
        return CompactDecimalSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<BigDecimal> getTypeClass() {
        return BigDecimal.class;
    }

    @Override
    protected BigDecimal[] getTestData() {
        return new BigDecimal[] {
            new BigDecimal("10.50"),
            new BigDecimal("10.5"),
            new BigDecimal("-0.001"),
            BigDecimal.ZERO,
            new BigDecimal("0.00"),
            new BigDecimal("1E+3"),
            LARGEST_COMPACT,
            LARGEST_COMPACT.negate(),
            SMALLEST_WIDE,
            new BigDecimal("12345678901234567890.123456789"),
            new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE), 2),
            new BigDecimal(BigInteger.valueOf(Long.MIN_VALUE), 0)
        };
    }

    @Test
    void keepsValueAndScale() throws Exception {
        for (BigDecimal d : getTestData()) {
            BigDecimal back = roundTrip(d);
            assertThat(back).isEqualTo(d); // equals compares the scale too
            assertThat(back.scale()).isEqualTo(d.scale());
        }
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void writesUpTo18DigitsAsALongAndWiderDecimalsAsFlinkDoes() throws Exception {
        assertThat(bytes(LARGEST_COMPACT)).hasSize(1 + Long.BYTES + Integer.BYTES);
        assertThat(bytes(new BigDecimal("-0.001"))).hasSize(1 + Long.BYTES + Integer.BYTES);
        DataOutputSerializer flink = new DataOutputSerializer(32);
        BigDecSerializer.INSTANCE.serialize(SMALLEST_WIDE, flink);
        assertThat(bytes(SMALLEST_WIDE)).hasSize(1 + flink.length());
    }

    @Test
    void stateWrittenByFlinksDecimalSerializerIsMigratedAndItsOwnIsReadAsIs() {
        CompactDecimalSerializer.Snapshot snapshot = new CompactDecimalSerializer.Snapshot();
        assertThat(snapshot.resolveSchemaCompatibility(BigDecSerializer.INSTANCE.snapshotConfiguration())
                        .isCompatibleAfterMigration())
                .isTrue();
        assertThat(snapshot.resolveSchemaCompatibility(CompactDecimalSerializer.INSTANCE.snapshotConfiguration())
                        .isCompatibleAsIs())
                .isTrue();
        @SuppressWarnings({"unchecked", "rawtypes"})
        boolean incompatible = snapshot.resolveSchemaCompatibility(
                        (TypeSerializerSnapshot) StringSerializer.INSTANCE.snapshotConfiguration())
                .isIncompatible();
        assertThat(incompatible).isTrue();
    }

    private static byte[] bytes(BigDecimal d) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(32);
        CompactDecimalSerializer.INSTANCE.serialize(d, out);
        return out.getCopyOfBuffer();
    }

    private static BigDecimal roundTrip(BigDecimal d) throws Exception {
        return CompactDecimalSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes(d)));
    }
}
