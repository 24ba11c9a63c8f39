package io.riskwatch.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.Quote;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.BigDecSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which decimals cross shuffles compact, and what a restore of state written before does. */
class WireTypesTest {

    static List<TypeInformation<?>> wireTypes() {
        return List.of(WireTypes.EVENT, WireTypes.TRADE_FACT, WireTypes.TRANSFER_FACT, WireTypes.GROUP_FACT);
    }

    /** Flink's own extraction still finds decimals in these types; none is left to its BigDecSerializer. */
    @ParameterizedTest
    @MethodSource("wireTypes")
    void everyDecimalThatCrossesAShuffleIsCompact(TypeInformation<?> type) {
        List<String> flinkBefore = new ArrayList<>();
        walk(TypeInformation.of(type.getTypeClass()), "", new ArrayList<>(), flinkBefore);
        assertThat(flinkBefore).isNotEmpty();
        List<String> compact = new ArrayList<>();
        List<String> flink = new ArrayList<>();
        walk(type, "", compact, flink);
        assertThat(flink).as("decimals serialized by Flink's BigDecSerializer").isEmpty();
        assertThat(compact).containsExactlyInAnyOrderElementsOf(flinkBefore);
    }

    @Test
    void anEventsQuoteOrderTradeAndTransferAreCompact() {
        List<String> decimals = new ArrayList<>();
        walk(WireTypes.EVENT, "Event", decimals, new ArrayList<>());
        assertThat(decimals)
                .contains(
                        "Event.quote.price",
                        "Event.quote.limitUp",
                        "Event.order.price",
                        "Event.trade.price",
                        "Event.transfer.amount",
                        "Event.holderCheck.extremePrice");
    }

    /** A round trip of a whole event through the wire type gives an equal event. */
    @Test
    void anEventCrossesTheWireUnchanged() throws Exception {
        Quote q = quote();
        Event e = Event.of(EventType.QUOTE, "q1", 1_000L, "day.jsonl:1", "{}", q);
        TypeSerializer<Event> s = WireTypes.EVENT.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(e, out);
        assertThat(s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isEqualTo(e);
    }

    /**
     * A savepoint of a build before holds quotes written with Flink's decimal serializer: the new build resolves
     * it as compatible after migration and reads it with the serializer restored from the savepoint.
     */
    @Test
    void stateWrittenBeforeIsReadAndMigrated() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        PojoSerializer<Quote> now =
                (PojoSerializer<Quote>) WireTypes.of(Quote.class).createSerializer(config);
        Field[] fields = Arrays.stream(Quote.class.getRecordComponents())
                .map(c -> field(c.getName()))
                .toArray(Field[]::new);
        TypeSerializer<?>[] before = Arrays.stream(fields)
                .map(f -> f.getType() == BigDecimal.class
                        ? BigDecSerializer.INSTANCE
                        : TypeInformation.of(f.getType()).createSerializer(config))
                .toArray(TypeSerializer<?>[]::new);
        PojoSerializer<Quote> old = new PojoSerializer<>(Quote.class, before, fields, config);

        TypeSerializerSnapshot<Quote> written = readBack(old.snapshotConfiguration());
        TypeSerializerSchemaCompatibility<Quote> compatibility =
                now.snapshotConfiguration().resolveSchemaCompatibility(written);
        assertThat(compatibility.isCompatibleAfterMigration())
                .as(compatibility.toString())
                .isTrue();

        Quote q = quote();
        DataOutputSerializer out = new DataOutputSerializer(128);
        old.serialize(q, out);
        Quote restored = written.restoreSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        DataOutputSerializer migrated = new DataOutputSerializer(128);
        now.serialize(restored, migrated);
        assertThat(now.deserialize(new DataInputDeserializer(migrated.getCopyOfBuffer())))
                .isEqualTo(q);
    }

    private static Quote quote() {
        return new Quote(
                "600000",
                new BigDecimal("10.50"),
                new BigDecimal("10.00"),
                123L,
                new BigDecimal("10.49"),
                5L,
                new BigDecimal("10.51"),
                7L,
                new BigDecimal("11.00"),
                new BigDecimal("9.00"));
    }

    private static Field field(String name) {
        try {
            Field f = Quote.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> TypeSerializerSnapshot<T> readBack(TypeSerializerSnapshot<T> snapshot) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), WireTypesTest.class.getClassLoader());
    }

    private static void walk(TypeInformation<?> t, String path, List<String> compact, List<String> flink) {
        if (t instanceof CompactDecimalTypeInfo) {
            compact.add(path);
        } else if (t.equals(BasicTypeInfo.BIG_DEC_TYPE_INFO)) {
            flink.add(path);
        } else if (t instanceof PojoTypeInfo<?> p) {
            for (int i = 0; i < p.getArity(); i++) {
                walk(
                        p.getPojoFieldAt(i).getTypeInformation(),
                        path + "." + p.getPojoFieldAt(i).getField().getName(),
                        compact,
                        flink);
            }
        }
    }
}
