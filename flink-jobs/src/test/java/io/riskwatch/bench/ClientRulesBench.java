package io.riskwatch.bench;

import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.model.Event;
import io.riskwatch.state.ClientHarness;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The client operator's cost per event (ordering buffer, de-duplication, the book, and one rule or none): the
 * first {@value #EVENTS} events of the sample day with its clients twenty times over (quotes once: 88 % client
 * events) through the operator in Flink's test harness on heap state, the watermark moved on every 50 events as
 * a live source would. A rule's own cost is its score minus {@code none}'s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientRulesBench {
    static final int EVENTS = 40_000;

    @Param({
        "none",
        "LARGE_TRANSFER",
        "STRUCTURING",
        "RAPID_IN_OUT",
        "CUMULATIVE_TRANSFER",
        "DORMANT_REACTIVATION",
        "FREQUENT_CANCELS",
        "PRICE_DEVIATION",
        "CONCENTRATION",
        "SUITABILITY_MISMATCH"
    })
    public String rule;

    private final JobSettings settings = ConfigLoader.defaults();
    private List<Event> events;
    private ClientHarness harness;

    @Setup(Level.Trial)
    public void load() {
        List<Event> day = SampleDay.events(20);
        if (day.size() < EVENTS) {
            throw new IllegalStateException("the sample day x 20 has " + day.size() + " events, fewer than " + EVENTS);
        }
        events = day.subList(0, EVENTS);
    }

    @Setup(Level.Invocation)
    public void open() throws Exception {
        Set<String> selected = rule.equals("none") ? Set.of() : Set.of(rule);
        harness = new ClientHarness(
                settings, RuleCatalog.RULES.clientRules(settings.rules(), selected, settings.ruleEnvironment()));
    }

    @TearDown(Level.Invocation)
    public void close() throws Exception {
        harness.close();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int day() throws Exception {
        for (int i = 0; i < EVENTS; i++) {
            Event e = events.get(i);
            harness.send(e);
            if (i % 50 == 49) {
                harness.watermark(e.ts() - 1);
            }
        }
        harness.end();
        return harness.alerts().size();
    }
}
