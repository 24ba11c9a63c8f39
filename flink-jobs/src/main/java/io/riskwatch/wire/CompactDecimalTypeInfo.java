package io.riskwatch.wire;

import java.math.BigDecimal;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** A decimal serialized by {@link CompactDecimalSerializer}; not a key type (nothing is keyed by a price). */
public final class CompactDecimalTypeInfo extends TypeInformation<BigDecimal> {
    private static final long serialVersionUID = 1L;

    public static final CompactDecimalTypeInfo INSTANCE = new CompactDecimalTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<BigDecimal> getTypeClass() {
        return BigDecimal.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<BigDecimal> createSerializer(SerializerConfig config) {
        return CompactDecimalSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "CompactDecimal";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactDecimalTypeInfo;
    }

    @Override
    public int hashCode() {
        return CompactDecimalTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CompactDecimalTypeInfo;
    }
}
