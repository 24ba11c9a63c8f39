package io.riskwatch.source.kafka;

import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.Event;
import io.riskwatch.model.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PartitionJumpsTest {
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;
    /** This machine's clock: three days after the events (a backlog), unless a test moves it. */
    private long now = OPEN.toEpochMilli() + 3 * DAY;

    private OneInputStreamOperatorTestHarness<SourceRecord, SourceRecord> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new PartitionJumps(HOUR, () -> now)));
    }

    private static SourceRecord record(int offset, long millisAfterOpen) {
        Event e = transfer("C1", "IN", "1")
                .id("t" + offset)
                .at(OPEN.plusMillis(millisAfterOpen))
                .source("riskwatch.funds/0@" + offset)
                .build();
        return SourceRecord.of(e);
    }

    private static List<String> out(OneInputStreamOperatorTestHarness<SourceRecord, SourceRecord> h) {
        List<String> names = new ArrayList<>();
        for (SourceRecord r : h.extractOutputValues()) {
            names.add(
                    r.event() != null
                            ? r.event().eventId()
                            : r.deadLetter().reason() + "@" + r.deadLetter().source());
        }
        return names;
    }

    @Test
    void inABacklogAnIsolatedJumpIsSetAsideAndAQuietStretchIsNot() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(record(0, 0), 0);
            h.processElement(record(1, DAY), 0); // mistyped: the next day
            assertThat(out(h)).containsExactly("t0");
            h.processElement(record(2, 1_000), 0);
            h.processElement(record(3, 4 * HOUR), 0); // a quiet stretch
            h.processElement(record(4, 4 * HOUR + 1_000), 0);
            assertThat(out(h)).containsExactly("t0", "implausible_ts@riskwatch.funds/0@1", "t2", "t3", "t4");
        }
    }

    @Test
    void upToDateNothingIsHeld() throws Exception {
        now = OPEN.toEpochMilli() + DAY;
        try (var h = harness()) {
            h.open();
            h.processElement(record(0, 0), 0);
            h.processElement(record(1, DAY), 0); // the morning after a quiet night, as it happens
            assertThat(out(h)).containsExactly("t0", "t1");
        }
    }

    @Test
    void aHeldEventSurvivesARestoreAndIsJudgedThen() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(record(0, 0), 0);
            h.processElement(record(1, DAY), 0);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(record(2, 1_000), 0);
            assertThat(out(h)).containsExactly("implausible_ts@riskwatch.funds/0@1", "t2");
        }
    }
}
