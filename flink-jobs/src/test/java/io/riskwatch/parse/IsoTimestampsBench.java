package io.riskwatch.parse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** An event's ts: the hand-read usual shape with the minute cache against the JDK's parser. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IsoTimestampsBench {
    private final IsoTimestamps timestamps = new IsoTimestamps();
    private String[] times;
    private int next;

    @Setup
    public void setUp() {
        // a trading morning, one event every 37 ms, as a feed's ts values follow each other
        long start = OffsetDateTime.parse("2026-11-20T09:30:00.000+08:00")
                .toInstant()
                .toEpochMilli();
        times = new String[100_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = Instant.ofEpochMilli(start + 37L * i)
                    .atOffset(ZoneOffset.ofHours(8))
                    .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"));
        }
    }

    private String nextTime() {
        String t = times[next];
        next = next + 1 == times.length ? 0 : next + 1;
        return t;
    }

    @Benchmark
    public long riskwatch() {
        return timestamps.toEpochMilli(nextTime());
    }

    @Benchmark
    public long jdk() {
        return OffsetDateTime.parse(nextTime()).toInstant().toEpochMilli();
    }
}
