package io.riskwatch.bench;

import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.EventParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Parsing and validation of one record of each topic, as the source does it (JSON tree, checks, the Event). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBench {
    @Param({"quotes.jsonl", "orders.jsonl", "funds.jsonl", "reference.jsonl"})
    public String file;

    private final EventParser parser = new EventParser();
    private List<String> lines;
    private int next;

    @Setup
    public void setUp() {
        lines = SampleDay.lines(file);
    }

    /** A line of the file (cycling through all of them) to a validated event or a dead letter. */
    @Benchmark
    public SourceRecord parse() {
        String line = lines.get(next);
        next = next + 1 == lines.size() ? 0 : next + 1;
        return parser.parse(line, file);
    }
}
