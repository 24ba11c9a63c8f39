package io.riskwatch.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator: the same files for the same seed, every file in ts order, quotes at the chosen interval. */
class StreamGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 16);

    @TempDir
    Path dir;

    @Test
    void sameSeedSameFilesAndEveryFileInTsOrderAcrossDays() throws Exception {
        StreamGenerator.Spec spec = new StreamGenerator.Spec(300, 3, 20, 7, 7, DAY);
        StreamGenerator.write(spec, dir.resolve("a"));
        StreamGenerator.write(spec, dir.resolve("b"));
        for (StreamGenerator.Topic t : StreamGenerator.Topic.values()) {
            String name = t.name().toLowerCase() + ".jsonl";
            List<String> a = Files.readAllLines(dir.resolve("a").resolve(name));
            assertThat(a)
                    .as(name)
                    .isNotEmpty()
                    .isEqualTo(Files.readAllLines(dir.resolve("b").resolve(name)));
            long previous = Long.MIN_VALUE;
            int late = 0;
            for (String line : a) {
                long ts;
                try {
                    ts = OffsetDateTime.parse(JSON.readTree(line).get("ts").asText())
                            .toInstant()
                            .toEpochMilli();
                } catch (Exception e) {
                    continue; // the planted bad lines
                }
                if (ts < previous) {
                    late++; // the one planted late event (10 min older than the line before it)
                }
                previous = Math.max(previous, ts);
            }
            assertThat(late).as(name).isLessThanOrEqualTo(t == StreamGenerator.Topic.FUNDS ? 1 : 0);
        }
    }

    @Test
    void theQuoteIntervalSetsHowOftenEachSymbolIsQuoted() throws Exception {
        StreamGenerator.write(new StreamGenerator.Spec(50, 1, 4, 1, 0, DAY), dir.resolve("minute"));
        StreamGenerator.write(new StreamGenerator.Spec(50, 1, 4, 1, 0, DAY, 5_000), dir.resolve("five"));
        // the session is 4 h: 240 one-minute quotes, 2,880 five-second ones per symbol
        assertThat(quotesOf("600000.SH", dir.resolve("minute"))).isEqualTo(240);
        assertThat(quotesOf("600000.SH", dir.resolve("five"))).isEqualTo(2_880);
    }

    @Test
    void aDayHasAboutTheSameVolatilityWhateverTheQuoteInterval() throws Exception {
        StreamGenerator.write(new StreamGenerator.Spec(50, 5, 40, 7, 0, DAY), dir.resolve("minute"));
        StreamGenerator.write(new StreamGenerator.Spec(50, 5, 40, 7, 0, DAY, 5_000), dir.resolve("five"));
        double minute = dailyVolatility(dir.resolve("minute"));
        double five = dailyVolatility(dir.resolve("five"));
        // about 1.8 % a day (the step is uniform in +-0.2 % at 60 s: 0.004 / sqrt(12) x sqrt(240))
        assertThat(minute).isBetween(0.014, 0.022);
        // at 5 s, twelve times the steps: the same daily volatility only if each step shrinks by sqrt(12)
        assertThat(five / minute).isBetween(0.8, 1.25);
    }

    /** Realised daily volatility: the standard deviation of quote-to-quote log returns x sqrt(quotes a day). */
    private static double dailyVolatility(Path dir) throws Exception {
        Map<String, Double> last = new HashMap<>();
        double sum = 0;
        double squares = 0;
        long n = 0;
        for (String line : Files.readAllLines(dir.resolve("quotes.jsonl"))) {
            var q = JSON.readTree(line);
            double price = q.get("price").asDouble();
            Double before = last.put(q.get("symbol").asText(), price);
            if (before != null) {
                double r = Math.log(price / before);
                sum += r;
                squares += r * r;
                n++;
            }
        }
        double mean = sum / n;
        double perQuote = Math.sqrt(squares / n - mean * mean);
        long quotesPerDay = n / 5 / last.size();
        return perQuote * Math.sqrt(quotesPerDay);
    }

    @Test
    void ticksTimesAreFormattedLikeAnyOtherIsoTimeWithTheShanghaiOffset() throws Exception {
        StreamGenerator.write(new StreamGenerator.Spec(30, 1, 2, 1, 0, DAY, 250), dir);
        List<String> stamps = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("quotes.jsonl")).subList(0, 8)) {
            stamps.add(JSON.readTree(line).get("ts").asText());
        }
        assertThat(stamps)
                .containsExactly(
                        "2026-11-16T09:30:00.000+08:00",
                        "2026-11-16T09:30:00.001+08:00",
                        "2026-11-16T09:30:00.250+08:00",
                        "2026-11-16T09:30:00.251+08:00",
                        "2026-11-16T09:30:00.500+08:00",
                        "2026-11-16T09:30:00.501+08:00",
                        "2026-11-16T09:30:00.750+08:00",
                        "2026-11-16T09:30:00.751+08:00");
    }

    private static long quotesOf(String symbol, Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("quotes.jsonl")).stream()
                .filter(l -> l.contains("\"symbol\":\"" + symbol + "\""))
                .count();
    }
}
