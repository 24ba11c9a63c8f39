package io.riskwatch.source;

import java.io.Serializable;

/**
 * Hears how far a source has read: given to a source's builder ({@code ReplayFileSource.withListener},
 * {@code KafkaInput.source}) by whoever runs the job, e.g. the replay command's progress bar or the bench's heap
 * probe. It travels with the source to the task, so an in-process caller's listener finds its own objects again
 * there (by a key of its own); a job on a cluster is given none.
 */
public interface ReadListener extends Serializable {
    /** A file reader's running totals: records emitted (dead letters included) and bytes consumed so far. */
    default void readTo(long recordsSoFar, long bytesSoFar) {}

    /** One more record read (Kafka readers: several may report at once). */
    default void recordRead() {}

    /**
     * A bounded input's last record was emitted; called once, from the reader thread, before the end is reported
     * (which would release every timer and drop the keyed state). May block, e.g. to measure the state.
     */
    default void endOfInput() {}
}
