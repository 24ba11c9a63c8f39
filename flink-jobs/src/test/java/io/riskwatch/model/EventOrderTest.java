package io.riskwatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Processing order (contract reading 2): ts, type rank, eventId, then the raw text and where it was read. */
class EventOrderTest {
    private static Event e(long ts, EventType type, String id, String raw, String source) {
        return Event.of(type, id, ts, source, raw, null);
    }

    @Test
    void eachKeyDecidesOnlyWhenTheEarlierOnesTie() {
        List<Event> expected = List.of(
                e(1, EventType.TRADE, "z", "z", "f:1"),
                e(2, EventType.CLIENT, "z", "z", "f:1"),
                e(2, EventType.ORDER, "a", "z", "f:1"),
                e(2, EventType.ORDER, "b", "a", "f:1"),
                e(2, EventType.ORDER, "c", "{\"a\":1}", "f:9"),
                e(2, EventType.ORDER, "c", "{\"a\":2}", "f:1"),
                e(2, EventType.ORDER, "c", "{\"a\":2}", "f:12"), // line 12 after line 9 ...
                e(2, EventType.ORDER, "c", "{\"a\":2}", "f:103"), // ... and before line 103, as numbers
                e(2, EventType.ORDER, "c", "{\"a\":2}", "g:1"),
                e(2, EventType.CANCEL, "a", "a", "f:1"),
                e(2, EventType.TRADE, "a", "a", "f:1"));
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Event> shuffled = new ArrayList<>(expected);
            Collections.shuffle(shuffled, random);
            shuffled.sort(EventOrder.COMPARATOR);
            assertThat(shuffled).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anEventEqualsItselfInTheOrder() {
        Event a = e(5, EventType.QUOTE, "q", "q", "quotes.jsonl:3");
        assertThat(EventOrder.compare(a, a)).isZero();
        assertThat(EventOrder.compare(a, e(5, EventType.QUOTE, "q", "q", "quotes.jsonl:3")))
                .isZero();
    }
}
