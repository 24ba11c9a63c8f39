package io.riskwatch.bench;

import io.riskwatch.model.Event;
import io.riskwatch.model.SourceRecord;
import io.riskwatch.parse.EventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The checked-in sample day, for the micro-benchmarks: its lines per file, and its valid events in time order. */
final class SampleDay {
    static final Path DIR = Path.of("../samples/trading-day");

    private SampleDay() {}

    static List<String> lines(String file) {
        try {
            return Files.readAllLines(DIR.resolve(file)).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The day's valid events with its clients {@code copies} times over ({@code C0001}, {@code C0001-1}, ...), each
     * copy doing what the original did; quotes and securities once. In event-time order (each file's order kept
     * for equal times).
     */
    static List<Event> events(int copies) {
        EventParser parser = new EventParser();
        List<Event> events = new ArrayList<>();
        for (String file : List.of("reference.jsonl", "funds.jsonl", "orders.jsonl", "quotes.jsonl")) {
            for (String line : lines(file)) {
                boolean client = line.contains("\"clientId\":\"");
                for (int k = 0; k < (client ? copies : 1); k++) {
                    String copy = k == 0
                            ? line
                            : line.replaceAll("\"clientId\":\"([^\"]+)\"", "\"clientId\":\"$1-" + k + "\"");
                    SourceRecord r = parser.parse(copy, file);
                    if (r.event() != null) {
                        events.add(r.event());
                    }
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::ts));
        return events;
    }
}
