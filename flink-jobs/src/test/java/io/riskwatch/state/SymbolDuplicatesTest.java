package io.riskwatch.state;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.parse.DeadLetters;
import io.riskwatch.scope.SymbolStateFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The symbol operator's duplicate window (contract precise reading 2, key (symbol, eventId)) with both of its
 * memories: the compact value with a hash index (heap) and a map entry per id (RocksDB). Enough other quotes
 * in between that the heap memory looks ids up through its index, not by scanning.
 */
class SymbolDuplicatesTest {

    @ParameterizedTest(name = "on heap: {0}")
    @ValueSource(booleans = {true, false})
    void aQuoteCopyWithinSevenDaysIsDeadLetteredAndOneMillisecondLaterIsANewQuote(boolean onHeap) throws Exception {
        List<Event> input = new ArrayList<>();
        input.add(quote("S", "10").id("dup").at(OPEN).source("q:1").build());
        input.add(quote("S", "10").id("dup").at(OPEN).source("q:2").build());
        for (int i = 0; i < 3 * AppliedIds.SCAN_LIMIT; i++) {
            input.add(quote("S", "10")
                    .id("other-" + i)
                    .at(OPEN.plusSeconds(60 + i))
                    .source("o:" + i)
                    .build());
        }
        input.add(quote("S", "11")
                .id("dup")
                .at(OPEN.plus(DAY.multipliedBy(7)))
                .source("q:3")
                .build());
        input.add(quote("S", "12")
                .id("dup")
                .at(OPEN.plus(DAY.multipliedBy(7)).plus(MS))
                .source("q:4")
                .build());

        try (KeyedOneInputStreamOperatorTestHarness<String, Event, Event> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new SymbolStateFunction(7 * 24 * 3_600_000L, List.of(), onHeap), Event::symbol, Types.STRING)) {
            for (Event e : input) {
                h.processElement(e, e.ts());
            }
            h.processWatermark(Long.MAX_VALUE);
            var dead = h.getSideOutput(DeadLetters.TAG);
            assertThat(dead).isNotNull();
            assertThat(dead.stream().map(StreamRecord::getValue).map(DeadLetter::source))
                    .containsExactly("q:2", "q:3");
            // q:4 is 7 days + 1 ms after q:1, the last applied copy: a new quote
            assertThat(h.extractOutputValues().stream()
                            .filter(e -> e.eventId().equals("dup"))
                            .map(Event::source))
                    .containsExactly("q:1", "q:4");
            assertThat(h.extractOutputValues()).hasSize(2 + 3 * AppliedIds.SCAN_LIMIT);
        }
    }
}
