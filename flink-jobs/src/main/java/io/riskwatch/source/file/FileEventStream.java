package io.riskwatch.source.file;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventOrder;
import io.riskwatch.model.Reasons;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.EventParser;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.PriorityQueue;
import java.util.Queue;

/**
 * One input file as its own ordered stream (contract section 1, lateness): events may be out of order by up
 * to {@code delayMillis} (the out-of-orderness bound plus the allowed lateness) relative to the newest
 * {@code ts} seen in this file; an older event is a {@code late_event}. Events are held in a small reorder
 * buffer and released in the contract's processing order once no later accepted event can precede them.
 *
 * <p>An isolated jump ({@code implausible_ts}): an event more than {@code maxFutureMillis} ahead of the event before
 * it in the file is held until the next event is read; if it is also that far ahead of the next one it is a
 * dead letter and moves nothing (a mistyped date that would otherwise make the rest of the file late), else it is
 * taken in as usual (a quiet night followed by the morning). The first event has no event before it and is judged
 * by the next one alone (a first line dated tomorrow would make the whole file late); the last has no event after
 * it and is taken. Neighbours are the file's events (records that parse), whatever became of them.
 */
final class FileEventStream implements Closeable {
    private final String displayPath;
    private final JsonLinesReader reader;
    private final EventParser parser;
    private final long delayMillis;
    private final long maxFutureMillis;
    private final Queue<SourceRecord> deadLetters;
    private final PriorityQueue<Event> buffer = new PriorityQueue<>(EventOrder.COMPARATOR);
    private long maxTs = Long.MIN_VALUE;
    /** The ts of the last event read (its neighbour before), or none yet. */
    private long previousTs = Long.MIN_VALUE;
    /** An event far ahead of the one before it, waiting for the next one to tell a jump from a quiet night. */
    private Event suspect;

    private boolean exhausted;
    private long records;

    FileEventStream(
            String displayPath,
            Path file,
            int maxRecordBytes,
            long delayMillis,
            long maxFutureMillis,
            EventParser parser,
            Queue<SourceRecord> deadLetters) {
        this.displayPath = displayPath;
        this.delayMillis = delayMillis;
        this.maxFutureMillis = maxFutureMillis;
        this.parser = parser;
        this.deadLetters = deadLetters;
        try {
            this.reader =
                    new JsonLinesReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), maxRecordBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open input " + displayPath, e);
        }
    }

    /** The next event that can be released, without removing it; null when the file is done. */
    Event head() {
        while (!releasable()) {
            if (!readOne()) {
                break;
            }
        }
        return buffer.peek();
    }

    Event poll() {
        return buffer.poll();
    }

    long bytesRead() {
        return reader.bytesRead();
    }

    /** Non-blank records read so far. */
    long records() {
        return records;
    }

    private boolean releasable() {
        Event first = buffer.peek();
        if (first == null) {
            return exhausted;
        }
        // strictly older than the frontier: an accepted later event may still carry ts == maxTs - delay
        return exhausted || first.ts() < maxTs - delayMillis;
    }

    /** Reads one more physical line; false at the end of the file. */
    private boolean readOne() {
        JsonLinesReader.Line line;
        try {
            line = reader.next();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input " + displayPath, e);
        }
        if (line == null) {
            if (suspect != null) {
                take(suspect); // the last event: nothing after it tells it from a morning after a quiet night
                suspect = null;
            }
            exhausted = true;
            return false;
        }
        if (line.blank()) {
            return true;
        }
        records++;
        String source = displayPath + ":" + line.number();
        if (line.oversized()) {
            deadLetters.add(SourceRecord.of(new DeadLetter(Reasons.OVERSIZED, source, line.text())));
            return true;
        }
        if (line.undecodable() != null) {
            String base64 = Base64.getEncoder().encodeToString(line.undecodable());
            deadLetters.add(SourceRecord.of(new DeadLetter(Reasons.MALFORMED_JSON, source, line.text(), base64)));
            return true;
        }
        SourceRecord parsed = parser.parse(line.text(), source);
        if (parsed.deadLetter() != null) {
            deadLetters.add(parsed);
            return true;
        }
        Event event = parsed.event();
        if (maxFutureMillis <= 0) {
            take(event);
            return true;
        }
        if (suspect != null) {
            if (suspect.ts() - event.ts() > maxFutureMillis) {
                deadLetters.add(
                        SourceRecord.of(new DeadLetter(Reasons.IMPLAUSIBLE_TS, suspect.source(), suspect.raw())));
            } else {
                take(suspect);
            }
            suspect = null;
        }
        boolean jump = previousTs == Long.MIN_VALUE || event.ts() - previousTs > maxFutureMillis;
        previousTs = event.ts();
        if (jump) {
            suspect = event;
        } else {
            take(event);
        }
        return true;
    }

    /** An event that is not a jump: late, or into the reorder buffer. */
    private void take(Event event) {
        if (maxTs != Long.MIN_VALUE && event.ts() < maxTs - delayMillis) {
            deadLetters.add(SourceRecord.of(new DeadLetter(Reasons.LATE_EVENT, event.source(), event.raw())));
            return;
        }
        maxTs = Math.max(maxTs, event.ts());
        buffer.add(event);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
