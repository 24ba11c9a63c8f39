package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InternedTest {
    @Test
    void equalStringsBecomeOneInstanceAndOthersStayApart() {
        String id = "C-" + UUID.randomUUID();
        String a = new String(id.toCharArray());
        String b = new String(id.toCharArray());
        assertThat(a).isNotSameAs(b);
        assertThat(Interned.clientId(a)).isSameAs(a);
        assertThat(Interned.clientId(b)).isSameAs(a);
        assertThat(Interned.clientId(new String("C-interned-2".toCharArray())))
                .isNotSameAs(a)
                .isEqualTo("C-interned-2");
        assertThat(Interned.clientId(null)).isNull();
        // the pools live as long as the JVM: a symbol no other test uses
        String code = "S-" + UUID.randomUUID();
        String s1 = new String(code.toCharArray());
        assertThat(Interned.code(s1)).isSameAs(s1);
        assertThat(Interned.code(new String(code.toCharArray()))).isSameAs(s1);
        assertThat(Interned.code(null)).isNull();
    }

    @Test
    void threadsRacingOnOneIdAllGetTheSameInstance() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> Interned.clientId(new String("C-race".toCharArray()))));
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
