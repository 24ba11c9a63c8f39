package io.riskwatch.wire;

import java.io.IOException;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.BigDecSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a decimal of up to 18 digits as its unscaled long and scale, and reads it back as a compact
 * {@link BigDecimal} (one object). Flink's own {@link BigDecSerializer} reads every decimal back over a
 * {@code BigInteger} and its {@code int[]} (three objects, about 100 bytes): prices kept for a while after a
 * shuffle (quotes in the client operator's symbol history, open orders, CEP partial matches) then die in the old
 * generation. Wider decimals are written as {@link BigDecSerializer} writes them. Equal value and scale after a
 * round trip, so every comparison and every alert is unchanged.
 *
 * <p>Format: a tag byte, 0 null, 1 compact (long unscaled value, int scale), 2 wide (as {@link BigDecSerializer}).
 */
public final class CompactDecimalSerializer extends TypeSerializerSingleton<BigDecimal> {
    private static final long serialVersionUID = 1L;

    public static final CompactDecimalSerializer INSTANCE = new CompactDecimalSerializer();

    private static final byte NULL = 0;
    private static final byte COMPACT = 1;
    private static final byte WIDE = 2;

    /** Below 10^18 the unscaled value of any scale fits a long. */
    private static final int COMPACT_DIGITS = 18;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public BigDecimal createInstance() {
        return BigDecimal.ZERO;
    }

    @Override
    public BigDecimal copy(BigDecimal from) {
        return from;
    }

    @Override
    public BigDecimal copy(BigDecimal from, BigDecimal reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(BigDecimal d, DataOutputView out) throws IOException {
        if (d == null) {
            out.writeByte(NULL);
        } else if (d.precision() <= COMPACT_DIGITS) {
            out.writeByte(COMPACT);
            // scaleByPowerOfTen keeps the value compact; unscaledValue() would attach a BigInteger to d for good
            out.writeLong(d.scaleByPowerOfTen(d.scale()).longValue());
            out.writeInt(d.scale());
        } else {
            out.writeByte(WIDE);
            BigDecSerializer.INSTANCE.serialize(d, out);
        }
    }

    @Override
    public BigDecimal deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case COMPACT -> {
                long unscaled = in.readLong();
                yield BigDecimal.valueOf(unscaled, in.readInt());
            }
            case WIDE -> BigDecSerializer.readBigDecimal(in);
            default -> throw new IOException("not a compact decimal: tag " + tag);
        };
    }

    @Override
    public BigDecimal deserialize(BigDecimal reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        byte tag = in.readByte();
        out.writeByte(tag);
        switch (tag) {
            case NULL -> {}
            case COMPACT -> out.write(in, Long.BYTES + Integer.BYTES);
            case WIDE -> BigDecSerializer.INSTANCE.copy(in, out);
            default -> throw new IOException("not a compact decimal: tag " + tag);
        }
    }

    @Override
    public TypeSerializerSnapshot<BigDecimal> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * The serializer's snapshot. State written by {@link BigDecSerializer} (builds before 2026-12-06) is read with
     * it and written anew with this one: compatible after migration.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BigDecimal> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<BigDecimal> resolveSchemaCompatibility(
                TypeSerializerSnapshot<BigDecimal> old) {
            if (old instanceof BigDecSerializer.BigDecSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
