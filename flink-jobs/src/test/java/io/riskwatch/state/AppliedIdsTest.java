package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
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
            assertThat(ids.seenWithin(AppliedIds.hash("q-" + i), now, WEEK)).as("q-" + i).isTrue();
        }
    }
}
