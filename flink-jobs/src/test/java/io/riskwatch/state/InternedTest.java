package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InternedTest {
    @Test
    void equalStringsBecomeOneInstanceAndOthersStayApart() {
        String a = new String("C-interned-1".toCharArray());
        String b = new String("C-interned-1".toCharArray());
        assertThat(a).isNotSameAs(b);
        assertThat(Interned.of(a)).isSameAs(a);
        assertThat(Interned.of(b)).isSameAs(a);
        assertThat(Interned.of(new String("C-interned-2".toCharArray()))).isNotSameAs(a).isEqualTo("C-interned-2");
        assertThat(Interned.of(null)).isNull();
    }

    @Test
    void threadsRacingOnOneIdAllGetTheSameInstance() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> Interned.of(new String("C-race".toCharArray()))));
            }
            String first = results.get(0).get();
            for (Future<String> f : results) {
                assertThat(f.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
