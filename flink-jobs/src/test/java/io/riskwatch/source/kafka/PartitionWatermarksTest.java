package io.riskwatch.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Reasons;
import io.riskwatch.model.SourceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class PartitionWatermarksTest {
    private static final long BOUND = 20;
    private static final long IDLE = 30_000;
    private static final long LIVE_IDLE = 10;
    private static final long NOW = 1_763_700_000_000L; // the wall clock at the first event

    private final ManualClock activity = new ManualClock();
    private long wall = NOW;
    private final Output out = new Output();

    private PartitionWatermarks generator(long liveIdle) {
        return new PartitionWatermarks(BOUND, IDLE, liveIdle, 0, activity, () -> wall);
    }

    /** The generator reads only the timestamp Flink hands it, so events are passed as null records. */
    private static void event(PartitionWatermarks g, long ts) {
        g.onEvent(null, ts, new Output());
    }

    private void pass(long millis) {
        activity.advanceTime(Duration.ofMillis(millis));
        wall += millis;
    }

    @Test
    void whileEventsFlowTheWatermarkIsTheNewestTsMinusTheBoundMinusOne() {
        PartitionWatermarks g = generator(LIVE_IDLE);
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("nothing before the first event").isNull();
        event(g, NOW);
        event(g, NOW - 15); // out of order within the bound: the newest still counts
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(NOW - BOUND - 1);
    }

    @Test
    void anUpToDatePartitionGoesIdleAfterTheLiveIdlenessAndAnEventMakesItActiveAgain() {
        PartitionWatermarks g = generator(LIVE_IDLE);
        event(g, NOW); // arrived as it happened
        pass(LIVE_IDLE - 1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("just below the live idleness").isEqualTo(NOW - BOUND - 1);
        pass(1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("at the live idleness").isEqualTo(Output.IDLE);
        event(g, wall);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(wall - BOUND - 1);
    }

    @Test
    void aPartitionCatchingUpKeepsTheLongIdlenessAndHoldsEventTimeBack() {
        PartitionWatermarks g = generator(LIVE_IDLE);
        event(g, NOW - 30_000); // a backlog: 30 s old on arrival
        pass(5_000); // the job reads other partitions' backlog meanwhile
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(NOW - 30_000 - BOUND - 1);
        pass(IDLE - 5_000 - 1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("just below time.idleness").isEqualTo(NOW - 30_000 - BOUND - 1);
        pass(1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);
    }

    @Test
    void upToDateMeansTheNewestEventArrivedAtMostOneSecondAfterItsTs() {
        PartitionWatermarks atTheEdge = generator(LIVE_IDLE);
        event(atTheEdge, NOW - PartitionWatermarks.UP_TO_DATE_LAG_MILLIS);
        pass(LIVE_IDLE);
        atTheEdge.onPeriodicEmit(out);
        assertThat(out.last())
                .as("arrived exactly a second after its ts: up to date")
                .isEqualTo(Output.IDLE);

        PartitionWatermarks justOver = generator(LIVE_IDLE);
        event(justOver, wall - PartitionWatermarks.UP_TO_DATE_LAG_MILLIS - 1);
        pass(LIVE_IDLE);
        justOver.onPeriodicEmit(out);
        assertThat(out.last()).as("one millisecond more: catching up").isNotEqualTo(Output.IDLE);

        PartitionWatermarks caughtUp = generator(LIVE_IDLE);
        event(caughtUp, wall - 5_000);
        pass(200);
        event(caughtUp, wall - 1); // the newest event decides
        pass(LIVE_IDLE);
        caughtUp.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);
    }

    @Test
    void aBusyPartitionSilentForTheLiveIdlenessIsAHiccupNotAPause() {
        PartitionWatermarks g = generator(LIVE_IDLE);
        for (int i = 0; i < 100; i++) { // a quote partition: an event every millisecond
            event(g, wall);
            pass(1);
        }
        long newest = wall - 1; // silent for 1 ms already
        pass(LIVE_IDLE * 5);
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("up to date but busy: holds event time").isEqualTo(newest - BOUND - 1);
        pass(PartitionWatermarks.BUSY_PAUSE_MILLIS - (1 + LIVE_IDLE * 5) - 1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("just below the busy pause").isEqualTo(newest - BOUND - 1);
        pass(1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("silent for the busy pause: paused").isEqualTo(Output.IDLE);
    }

    @Test
    void sparseMeansTheEventsOfTheLastSecondCameAtLeastTheLiveIdlenessApart() {
        PartitionWatermarks sparse = generator(LIVE_IDLE);
        for (int i = 0; i < 200; i++) { // two seconds of gaps just over the live idleness
            pass(LIVE_IDLE + 1);
            event(sparse, wall);
        }
        pass(LIVE_IDLE - 1);
        sparse.onPeriodicEmit(out);
        assertThat(out.last()).as("silent just below the live idleness").isNotEqualTo(Output.IDLE);
        pass(1);
        sparse.onPeriodicEmit(out);
        assertThat(out.last())
                .as("usual gap just over the live idleness: sparse")
                .isEqualTo(Output.IDLE);

        PartitionWatermarks justBusy = generator(LIVE_IDLE);
        for (int i = 0; i < 200; i++) {
            event(justBusy, wall);
            pass(LIVE_IDLE - 1);
        }
        pass(1);
        justBusy.onPeriodicEmit(out);
        assertThat(out.last())
                .as("usual gap just below the live idleness: busy")
                .isNotEqualTo(Output.IDLE);
    }

    @Test
    void aBurstOnASparsePartitionDoesNotMakeItBusy() {
        PartitionWatermarks g = generator(LIVE_IDLE);
        for (int i = 0; i < 20; i++) { // two seconds of a transfer every 100 ms
            event(g, wall);
            pass(100);
        }
        for (int i = 0; i < 20; i++) { // then one client's twenty transfers within 20 ms
            event(g, wall);
            pass(1);
        }
        pass(LIVE_IDLE - 1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);
    }

    @Test
    void aPartitionWhoseBurstEndedIsSparseAfterAFewLongGaps() {
        PartitionWatermarks g = generator(LIVE_IDLE);
        for (int i = 0; i < 2_000; i++) { // two seconds of an event every millisecond
            event(g, wall);
            pass(1);
        }
        for (int i = 0; i < 12; i++) { // then one every 30 ms: the last second still averages under 10 ms
            pass(29);
            event(g, wall);
        }
        pass(LIVE_IDLE);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);
    }

    @Test
    void aLoneFirstEventIsSparseAndTwoQuickOnesAreBusy() {
        PartitionWatermarks lone = generator(LIVE_IDLE);
        event(lone, wall);
        pass(LIVE_IDLE);
        lone.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);

        PartitionWatermarks quick = generator(LIVE_IDLE);
        event(quick, wall);
        pass(LIVE_IDLE - 1);
        event(quick, wall);
        pass(LIVE_IDLE);
        quick.onPeriodicEmit(out);
        assertThat(out.last()).as("gaps so far below the live idleness: busy").isNotEqualTo(Output.IDLE);
    }

    @Test
    void withABoundOverASecondUpToDateMeansWithinTheBound() {
        PartitionWatermarks g = new PartitionWatermarks(5_000, IDLE, LIVE_IDLE, 0, activity, () -> wall);
        event(g, wall - 5_000);
        pass(LIVE_IDLE);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);
    }

    @Test
    void withoutALiveIdlenessEveryPartitionWaitsTheLongIdleness() {
        PartitionWatermarks g = generator(0);
        event(g, NOW);
        pass(IDLE - 1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(NOW - BOUND - 1);
        pass(1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);
    }

    @Test
    void aDeadLetterIsActivityButMovesNoEventTime() {
        PartitionWatermarks g = generator(LIVE_IDLE);
        event(g, NOW);
        pass(LIVE_IDLE - 1);
        g.onEvent(SourceRecord.of(new DeadLetter(Reasons.MALFORMED_JSON, "t/0@1", "{")), Long.MIN_VALUE, out);
        pass(LIVE_IDLE - 1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(NOW - BOUND - 1);
    }

    @Test
    void silenceIsCountedOnTheActivityClockNotTheWallClock() {
        PartitionWatermarks g = generator(LIVE_IDLE);
        event(g, NOW);
        wall += 5_000; // backpressured: the activity clock stood still
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(NOW - BOUND - 1);
    }

    @Test
    void aPartitionUpToDateWhenItWentSilentStandsAtTheClockAfterTheQuietFlush() {
        long quietFlush = 60_000;
        PartitionWatermarks g = new PartitionWatermarks(BOUND, IDLE, 0, quietFlush, activity, () -> wall);
        event(g, wall - 3); // arrived 3 ms after its ts: up to date
        pass(IDLE);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);
        pass(quietFlush - IDLE - 1);
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("just below the quiet flush").isEqualTo(Output.IDLE);
        pass(1);
        g.onPeriodicEmit(out);
        assertThat(out.last())
                .as("at the quiet flush: the clock minus the bound")
                .isEqualTo(wall - BOUND - 1);
        pass(3_600_000); // the night: event time moves on with the clock
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(wall - BOUND - 1);

        long stoodAt = wall - BOUND - 1;
        event(g, wall - 5); // the morning's first event, 5 ms on its way: behind the stand-in
        g.onPeriodicEmit(out);
        assertThat(out.last()).as("never backwards").isEqualTo(stoodAt);
        pass(10);
        event(g, wall);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(wall - BOUND - 1);
    }

    @Test
    void aPartitionCatchingUpWhenItWentSilentStaysIdlePastTheQuietFlush() {
        PartitionWatermarks g = new PartitionWatermarks(BOUND, IDLE, 0, 60_000, activity, () -> wall);
        event(g, wall - PartitionWatermarks.UP_TO_DATE_LAG_MILLIS - 1); // a second and a millisecond behind
        pass(3_600_000);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Output.IDLE);

        PartitionWatermarks atTheEdge = new PartitionWatermarks(BOUND, IDLE, 0, 60_000, activity, () -> wall);
        event(atTheEdge, wall - PartitionWatermarks.UP_TO_DATE_LAG_MILLIS);
        pass(60_000);
        atTheEdge.onPeriodicEmit(out);
        assertThat(out.last()).as("a second behind: up to date").isEqualTo(wall - BOUND - 1);
    }

    @Test
    void aBackpressuredPartitionIsNotQuiet() {
        PartitionWatermarks g = new PartitionWatermarks(BOUND, IDLE, 0, 60_000, activity, () -> wall);
        event(g, wall);
        wall += 3_600_000; // the activity clock stood still: the job, not the feed, was slow
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(NOW - BOUND - 1);
    }

    /** Records what the generator emitted; {@link #IDLE} for a markIdle. */
    private static final class Output implements WatermarkOutput {
        static final long IDLE = Long.MIN_VALUE;
        private final List<Long> emitted = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            emitted.add(IDLE);
        }

        @Override
        public void markActive() {
            // activity shows as the next watermark
        }

        Long last() {
            return emitted.isEmpty() ? null : emitted.get(emitted.size() - 1);
        }
    }
}
