package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AppliedIdsTest {
    private static final long WEEK = 7 * 24 * 3_600_000L;

    @Test
    void anIdIsSeenUpToExactlyTheWindowAndNotAMillisecondLater() {
        AppliedIds ids = new AppliedIds();
        long h = AppliedIds.hash("o-1");
        ids.add(h, 1_000);
        assertThat(ids.seenWithin(h, 1_000, WEEK)).isTrue();
        assertThat(ids.seenWithin(h, 1_000 + WEEK, WEEK)).isTrue();
        assertThat(ids.seenWithin(h, 1_000 + WEEK + 1, WEEK)).isFalse();
        assertThat(ids.seenWithin(AppliedIds.hash("o-2"), 1_000, WEEK)).isFalse();
    }

    @Test
    void forgettingDropsTheOldestAndKeepsTheRestInOrder() {
        AppliedIds ids = new AppliedIds();
        for (int i = 0; i < 10; i++) {
            ids.add(AppliedIds.hash("e-" + i), i * 100L);
        }
        assertThat(ids.forgetUpTo(400)).isEqualTo(5);
        assertThat(ids.oldest()).isEqualTo(500);
        assertThat(ids.entries).hasSize(5 * AppliedIds.ENTRY); // exact size after a purge: no spare capacity kept
        assertThat(ids.seenWithin(AppliedIds.hash("e-4"), 900, WEEK)).isFalse();
        assertThat(ids.seenWithin(AppliedIds.hash("e-5"), 900, WEEK)).isTrue();
        ids.add(AppliedIds.hash("e-10"), 1_000);
        assertThat(ids.seenWithin(AppliedIds.hash("e-10"), 1_000, WEEK)).isTrue();
        assertThat(ids.forgetUpTo(1_000)).isZero();
    }

    @Test
    void hashesOfDistinctGeneratedIdsDoNotCollide() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            seen.add(AppliedIds.hash("o-" + Integer.toString(i, 36)));
        }
        assertThat(seen).hasSize(1_000_000);
        assertThat(AppliedIds.hash("交易-1")).isNotEqualTo(AppliedIds.hash("交易-2"));
    }

    @Test
    void aKeyWithThousandsOfIdsFindsEachThroughItsIndexWithTheSameAnswersAsAScan() {
        AppliedIds ids = new AppliedIds();
        long hour = 3_600_000L;
        // a symbol's week: a quote every 5 s
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            ids.add(AppliedIds.hash("q-" + i), i * 5_000L);
        }
        long now = n * 5_000L;
        assertThat(ids.seenWithin(AppliedIds.hash("q-0"), now, now)).isTrue();
        assertThat(ids.seenWithin(AppliedIds.hash("q-0"), now, now - 1)).isFalse(); // 1 ms past its window
        assertThat(ids.seenWithin(AppliedIds.hash("q-19999"), now, hour)).isTrue();
        assertThat(ids.seenWithin(AppliedIds.hash("q-20000"), now, WEEK)).isFalse();
        // the same id applied again after its window: the newest entry decides
        ids.add(AppliedIds.hash("q-0"), now + WEEK);
        assertThat(ids.seenWithin(AppliedIds.hash("q-0"), now + WEEK + 1, 1)).isTrue();
        // after a purge the positions move; the index follows
        assertThat(ids.forgetUpTo(49_999_999L)).isEqualTo(n - 10_000 + 1);
        assertThat(ids.seenWithin(AppliedIds.hash("q-9999"), now, WEEK)).isFalse();
        assertThat(ids.seenWithin(AppliedIds.hash("q-10000"), now, WEEK)).isTrue();
        assertThat(ids.seenWithin(AppliedIds.hash("q-0"), now + WEEK, WEEK)).isTrue();
        for (int i = 10_000; i < n; i += 997) {
            assertThat(ids.seenWithin(AppliedIds.hash("q-" + i), now, WEEK))
                    .as("q-" + i)
                    .isTrue();
        }
    }

    /**
     * A savepoint of the build before the ids were packed holds AppliedIds as a POJO of four fields (hashes and
     * times as long arrays with spare capacity, size, purgeAt). Flink restores it with that snapshot's serializer
     * into the current class (schema evolution: the packed field is new); the value keeps every id.
     */
    @Test
    void aValueFromASavepointOfTheTwoArrayLayoutKeepsItsIds() throws Exception {
        SerializerConfig config = new SerializerConfigImpl();
        PojoSerializer<AppliedIds> before = new PojoSerializer<>(
                AppliedIds.class,
                new TypeSerializer<?>[] {
                    LongPrimitiveArraySerializer.INSTANCE,
                    LongPrimitiveArraySerializer.INSTANCE,
                    IntSerializer.INSTANCE,
                    LongSerializer.INSTANCE
                },
                new Field[] {field("hashes"), field("times"), field("size"), field("purgeAt")},
                config);
        AppliedIds saved = new AppliedIds();
        saved.hashes = new long[] {AppliedIds.hash("o-1"), AppliedIds.hash("o-2"), 0};
        saved.times = new long[] {1_000, 2_000, 0};
        saved.size = 2;
        saved.purgeAt = 3_600_000;
        DataOutputSerializer bytes = new DataOutputSerializer(128);
        before.serialize(saved, bytes);
        TypeSerializerSnapshot<AppliedIds> savepoint = before.snapshotConfiguration();

        TypeSerializer<AppliedIds> current =
                TypeInformation.of(AppliedIds.class).createSerializer(config);
        assertThat(current.snapshotConfiguration()
                        .resolveSchemaCompatibility(savepoint)
                        .isCompatibleAfterMigration())
                .isTrue();
        AppliedIds restored =
                savepoint.restoreSerializer().deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));

        assertThat(restored.size).isEqualTo(2);
        assertThat(restored.purgeAt).isEqualTo(3_600_000);
        assertThat(restored.oldest()).isEqualTo(1_000);
        assertThat(restored.seenWithin(AppliedIds.hash("o-1"), 5_000, WEEK)).isTrue();
        assertThat(restored.seenWithin(AppliedIds.hash("o-2"), 2_000 + WEEK, WEEK))
                .isTrue();
        assertThat(restored.seenWithin(AppliedIds.hash("o-3"), 5_000, WEEK)).isFalse();
        restored.add(AppliedIds.hash("o-3"), 6_000);
        assertThat(restored.forgetUpTo(1_000)).isEqualTo(2);
        assertThat(restored.seenWithin(AppliedIds.hash("o-1"), 6_000, WEEK)).isFalse();
        assertThat(restored.seenWithin(AppliedIds.hash("o-3"), 6_000, WEEK)).isTrue();

        // written again in the packed layout only
        DataOutputSerializer again = new DataOutputSerializer(128);
        current.serialize(restored, again);
        AppliedIds reread = current.deserialize(new DataInputDeserializer(again.getCopyOfBuffer()));
        assertThat(reread.hashes).isNull();
        assertThat(reread.entries).hasSize(2 * AppliedIds.ENTRY);
        assertThat(reread.seenWithin(AppliedIds.hash("o-2"), 6_000, WEEK)).isTrue();
    }

    private static Field field(String name) throws NoSuchFieldException {
        return AppliedIds.class.getField(name);
    }
}
