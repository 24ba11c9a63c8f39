package io.riskwatch.state;

import static io.riskwatch.testing.TestEvents.DAY;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.quote;
import static io.riskwatch.testing.TestEvents.trade;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.rule.ClientRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The client operator: processing order, duplicates, quotes at or before each event, state cleanup. */
class ClientStateFunctionTest {

    /** Records what the rules see, in order: event id, cash after it, the price of S visible to it. */
    static final class Probe implements ClientRule {
        static final List<String> SEEN = new ArrayList<>();

        @Override
        public String id() {
            return "PROBE";
        }

        @Override
        public void onEvent(Event e, ClientView c, Consumer<Alert> alerts) {
            BigDecimal p = c.priceOf("S");
            SEEN.add(e.eventId() + " cash=" + c.book().cash.stripTrailingZeros().toPlainString() + " S="
                    + (p == null ? "-" : p.toPlainString()));
        }
    }

    private ClientHarness harness() throws Exception {
        Probe.SEEN.clear();
        return new ClientHarness(List.of(new Probe()));
    }

    @Test
    void appliesEachClientsEventsInTsTypeEventIdOrderWhateverTheArrivalOrder() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                    transfer("C1", "IN", "300").id("t3").at(OPEN.plusSeconds(3)).build(),
                    transfer("C1", "IN", "100").id("t1").at(OPEN.plusSeconds(1)).build(),
                    trade("C1", "S", "BUY", "1", 10)
                            .id("x2")
                            .at(OPEN.plusSeconds(2))
                            .build(),
                    transfer("C1", "IN", "200").id("t2").at(OPEN.plusSeconds(2)).build());
            h.end();
            assertThat(Probe.SEEN)
                    .containsExactly("t1 cash=100 S=-", "t2 cash=300 S=-", "x2 cash=290 S=-", "t3 cash=590 S=-");
        }
    }

    @Test
    void anEventAtOrBehindTheWatermarkIsDeadLetteredLateOneAheadIsApplied() throws Exception {
        // from Kafka, an event further behind its partition than the bound arrives after the watermark passed it
        try (ClientHarness h = harness()) {
            h.watermark(OPEN.toEpochMilli());
            h.send(
                    transfer("C1", "IN", "1")
                            .id("at")
                            .at(OPEN)
                            .source("funds/0@7")
                            .build(),
                    transfer("C1", "IN", "2").id("ahead").at(OPEN.plus(MS)).build());
            h.end();
            assertThat(Probe.SEEN).containsExactly("ahead cash=2 S=-");
            assertThat(h.deadLetters())
                    .extracting(DeadLetter::reason, DeadLetter::source)
                    .containsExactly(Tuple.tuple("late_event", "funds/0@7"));
        }
    }

    @Test
    void eventsWaitForTheWatermark() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(transfer("C1", "IN", "1").id("t1").at(OPEN).build());
            h.watermark(OPEN.toEpochMilli() - 1);
            assertThat(Probe.SEEN).isEmpty();
            h.watermark(OPEN.toEpochMilli());
            assertThat(Probe.SEEN).hasSize(1);
        }
    }

    @Test
    void aClientEventSeesTheLatestQuoteAtOrBeforeItNotOneMillisecondLater() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                    quote("S", "10").id("q1").at(OPEN).build(),
                    quote("S", "11").id("q2").at(OPEN.plus(MS)).build(),
                    trade("C1", "S", "BUY", "10", 1).id("x0").at(OPEN).build(),
                    trade("C2", "S", "BUY", "10", 1).id("x1").at(OPEN.plus(MS)).build());
            h.end();
            assertThat(Probe.SEEN).containsExactlyInAnyOrder("x0 cash=-10 S=10", "x1 cash=-10 S=11");
        }
    }

    @Test
    void aDuplicateWithinSevenDaysIsDeadLetteredAndChangesNothingLaterOnesAreNewEvents() throws Exception {
        try (ClientHarness h = harness()) {
            Event first =
                    transfer("C1", "IN", "100").id("dup").at(OPEN).source("f:1").build();
            Event sameTs =
                    transfer("C1", "IN", "100").id("dup").at(OPEN).source("f:2").build();
            Event atSevenDays = transfer("C1", "IN", "100")
                    .id("dup")
                    .at(OPEN.plus(DAY.multipliedBy(7)))
                    .source("f:3")
                    .build();
            Event beyond = transfer("C1", "IN", "100")
                    .id("dup")
                    .at(OPEN.plus(DAY.multipliedBy(14)).plus(MS))
                    .source("f:4")
                    .build();
            h.send(first, sameTs, atSevenDays, beyond).end();
            assertThat(h.deadLetters())
                    .extracting(DeadLetter::reason, DeadLetter::source)
                    .containsExactly(Tuple.tuple("duplicate_event", "f:2"), Tuple.tuple("duplicate_event", "f:3"));
            // the copy 7 days + 1 ms after the last applied one is a new event
            assertThat(Probe.SEEN).containsExactly("dup cash=100 S=-", "dup cash=200 S=-");
        }
    }

    @Test
    void afterTheDuplicateWindowOnlyTheBookIsLeft() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                    transfer("C1", "IN", "1").id("a").at(OPEN).build(),
                    transfer("C1", "IN", "1").id("b").at(OPEN.plus(DAY)).build());
            h.watermark(OPEN.plus(DAY).toEpochMilli());
            assertThat(h.timers()).isPositive();
            h.watermark(OPEN.plus(DAY.multipliedBy(9)).toEpochMilli());
            assertThat(h.timers()).isZero();
            assertThat(h.keyedStateEntries()).isEqualTo(1); // C1's book; no pending events, no remembered ids
        }
    }

    /**
     * Asks to be woken {@code afterMillis} after each event whose id starts with {@code prefix} (never when null);
     * records when it is woken, per rule id.
     */
    static final class Waker implements ClientRule {
        static final Map<String, List<Long>> WOKEN = new ConcurrentHashMap<>();
        private final String id;
        private final String prefix;
        private final long afterMillis;

        Waker(String id, String prefix, long afterMillis) {
            this.id = id;
            this.prefix = prefix;
            this.afterMillis = afterMillis;
        }

        static List<Long> woken(String id) {
            return WOKEN.getOrDefault(id, List.of());
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void onEvent(Event e, ClientView c, Consumer<Alert> alerts) {
            if (prefix != null && e.eventId().startsWith(prefix)) {
                c.wakeAt(e.ts() + afterMillis);
            }
        }

        @Override
        public void onTimer(long ts, ClientView c, Consumer<Alert> alerts) {
            WOKEN.computeIfAbsent(id, k -> new ArrayList<>()).add(ts);
        }
    }

    @Test
    void rulesAreWokenAtTheInstantsTheyAskedForOnceEachNotAtEveryEvent() throws Exception {
        Waker.WOKEN.clear();
        long open = OPEN.toEpochMilli();
        try (ClientHarness h = new ClientHarness(List.of(new Waker("WAKER", "w", 10_000)))) {
            h.send(
                    transfer("C1", "IN", "1").id("w1").at(OPEN).build(),
                    transfer("C1", "IN", "1").id("a").at(OPEN.plusSeconds(1)).build(),
                    transfer("C1", "IN", "1").id("w2").at(OPEN.plusSeconds(1)).build(),
                    transfer("C1", "IN", "1").id("b").at(OPEN.plusSeconds(9)).build(),
                    transfer("C1", "IN", "1").id("c").at(OPEN.plusSeconds(10)).build(),
                    // a second request for an instant already asked for wakes the rules once
                    transfer("C1", "IN", "1")
                            .id("w3")
                            .at(OPEN.plusSeconds(1).plus(MS))
                            .build(),
                    transfer("C1", "IN", "1")
                            .id("w4")
                            .at(OPEN.plusSeconds(1).plus(MS))
                            .build());
            h.watermark(open + 10_999);
            assertThat(Waker.woken("WAKER")).containsExactly(open + 10_000);
            h.end();
            assertThat(Waker.woken("WAKER")).containsExactly(open + 10_000, open + 11_000, open + 11_001);
        }
    }

    @Test
    void onlyTheRulesThatAskedForAWakeUpAreWokenByIt() throws Exception {
        Waker.WOKEN.clear();
        assertThat(Set.of(
                        ClientView.ruleBit("WAKER"), ClientView.ruleBit("OTHER_WAKER"), ClientView.ruleBit("SLEEPER")))
                .hasSize(3);
        long open = OPEN.toEpochMilli();
        try (ClientHarness h = new ClientHarness(List.of(
                new Waker("WAKER", "w", 10_000),
                new Waker("OTHER_WAKER", "o", 5_000),
                new Waker("SLEEPER", null, 0)))) {
            h.send(
                    transfer("C1", "IN", "1").id("w1").at(OPEN).build(), // WAKER at +10 s
                    transfer("C1", "IN", "1").id("o1").at(OPEN).build(), // OTHER_WAKER at +5 s
                    transfer("C1", "IN", "1").id("o2").at(OPEN.plusSeconds(5)).build(), // OTHER_WAKER at +10 s
                    transfer("C1", "IN", "1").id("x").at(OPEN.plusSeconds(7)).build());
            h.end();
        }
        assertThat(Waker.woken("WAKER")).containsExactly(open + 10_000);
        assertThat(Waker.woken("OTHER_WAKER")).containsExactly(open + 5_000, open + 10_000);
        assertThat(Waker.woken("SLEEPER")).isEmpty();
    }

    @Test
    void quotesAreNotClientEvents() {
        assertThat(quote("S", "1").build().type()).isEqualTo(EventType.QUOTE);
        assertThat(EventType.QUOTE.clientKeyed()).isFalse();
    }
}
