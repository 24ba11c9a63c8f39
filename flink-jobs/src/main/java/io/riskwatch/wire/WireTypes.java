package io.riskwatch.wire;

import io.riskwatch.model.Event;
import io.riskwatch.model.GroupFact;
import io.riskwatch.model.TradeFact;
import io.riskwatch.model.TransferFact;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * The Flink types of the records that cross shuffles: the POJO types Flink extracts, with every decimal, at any
 * depth, serialized by {@link CompactDecimalSerializer} instead of Flink's {@code BigDecSerializer}. The model
 * stays plain Java; the choice is made here, where the streams are typed, so client and task managers agree.
 * Every stream of one record type must use the same type (a union checks it).
 */
public final class WireTypes {
    /** Parsed events, from the fan-out to the client and symbol operators, and the symbol operator's output. */
    public static final TypeInformation<Event> EVENT = of(Event.class);

    public static final TypeInformation<TradeFact> TRADE_FACT = of(TradeFact.class);
    public static final TypeInformation<TransferFact> TRANSFER_FACT = of(TransferFact.class);
    public static final TypeInformation<GroupFact> GROUP_FACT = of(GroupFact.class);

    private WireTypes() {}

    /** The POJO type of {@code type} with compact decimals. */
    @SuppressWarnings("unchecked")
    public static <T> TypeInformation<T> of(Class<T> type) {
        return (TypeInformation<T>) compact(TypeInformation.of(type));
    }

    private static TypeInformation<?> compact(TypeInformation<?> t) {
        if (BasicTypeInfo.BIG_DEC_TYPE_INFO.equals(t)) {
            return CompactDecimalTypeInfo.INSTANCE;
        }
        if (t instanceof PojoTypeInfo<?> pojo) {
            List<PojoField> fields = new ArrayList<>(pojo.getArity());
            for (int i = 0; i < pojo.getArity(); i++) {
                PojoField f = pojo.getPojoFieldAt(i);
                fields.add(new PojoField(f.getField(), compact(f.getTypeInformation())));
            }
            return new PojoTypeInfo<>(pojo.getTypeClass(), fields);
        }
        return t;
    }
}
