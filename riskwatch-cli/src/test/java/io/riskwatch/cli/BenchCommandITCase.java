package io.riskwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.source.file.ReplayFileSource;
import io.riskwatch.source.file.ReplayMerger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bench command on the sample day: six passes over the same input ({@code --floor} adds the keyed floor,
 * {@code --repeat 2} runs (b) and (c) twice in turn), each with its own row, every record read in each (the
 * command refuses passes that read different counts), and the clients the pipeline tracked counted exactly. Only
 * the shape and the counts are checked: speed is measured, never asserted.
 */
class BenchCommandITCase {
    private static final String SAMPLE = "../samples/trading-day";

    @Test
    void runsItsPassesOverTheSameInputAndCountsTheTrackedClients() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Riskwatch.execute(
                new String[] {"bench", "--parallelism", "2", "--floor", "--repeat", "2", SAMPLE},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();

        long lines = 0;
        Set<String> clientIds = new HashSet<>();
        // what the replay source emits (late records are dead letters there); a client's book starts with its
        // first event that gets through
        JobSettings settings = ConfigLoader.load(null, null);
        List<String> files = ReplayFileSource.expand(List.of(SAMPLE));
        try (var merger = new ReplayMerger(
                files,
                files.stream().map(Path::of).toList(),
                settings.maxRecordBytes(),
                settings.lateAfterMillis(),
                0)) {
            while (merger.hasNext()) {
                SourceRecord r = merger.next();
                lines++;
                if (r.event() != null && r.event().type().clientKeyed()) {
                    clientIds.add(r.event().key());
                }
            }
        }
        List<String> rows =
                out.toString().lines().filter(l -> l.startsWith("| (")).toList();
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).startsWith("| (a) read only |");
        assertThat(rows.get(1)).startsWith("| (k) keyed floor |");
        // --repeat 2: (b) and (c) in turn, twice, each pair's ratio and their median
        assertThat(rows.get(4)).startsWith("| (b) rules none #2 |");
        assertThat(rows.get(5)).startsWith("| (c) rules all #2 |");
        assertThat(rows.get(4).split("\\|")[7]).isEqualTo(rows.get(2).split("\\|")[7]);
        assertThat(rows.get(5).split("\\|")[9]).isEqualTo(rows.get(3).split("\\|")[9]); // same alerts
        rows = List.of(rows.get(0), rows.get(2), rows.get(3)); // (a), (b) #1, (c) #1
        assertThat(rows.get(1)).startsWith("| (b) rules none #1 |");
        assertThat(rows.get(2)).startsWith("| (c) rules all #1 |");
        assertThat(out.toString())
                .contains(String.format("riskwatch bench: %,d records", lines))
                .containsPattern(
                        "(?m)ratio \\(c\\)/\\(b\\) events/s of each pair: [0-9]+\\.[0-9]{2}, [0-9]+\\.[0-9]{2}$")
                .containsPattern("ratio \\(c\\)/\\(b\\) events/s: [0-9]+\\.[0-9]{2} "
                        + "\\(median of 2 pairs, min [0-9.]+, max [0-9.]+\\)");
        long tracked = Long.parseLong(rows.get(2).split("\\|")[7].trim().replace(",", ""));
        assertThat(tracked).isEqualTo(clientIds.size());
        assertThat(rows.get(1).split("\\|")[7].trim())
                .isEqualTo(rows.get(2).split("\\|")[7].trim());
        assertThat(rows.get(2).split("\\|")[9].trim()).isNotEqualTo("0"); // the sample day raises alerts
    }
}
