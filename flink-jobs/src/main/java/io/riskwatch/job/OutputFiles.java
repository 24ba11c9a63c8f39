package io.riskwatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns the sink's per-subtask part files into one sorted JSON Lines file, so that two runs over the same
 * input compare with {@code diff}: alerts by (ts, alertId), dead letters by (source file, line).
 */
public final class OutputFiles {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** One finished file and its counts by a field (rule for alerts, reason for dead letters). */
    public record Written(long lines, Map<String, Long> byKind) {}

    private OutputFiles() {}

    public static Written alerts(Path partsDir, String prefix, Path target) {
        return merge(
                partsDir,
                prefix,
                target,
                "rule",
                Comparator.<Line, Long>comparing(l -> l.sortTime).thenComparing(l -> l.sortText));
    }

    public static Written deadLetters(Path partsDir, String prefix, Path target) {
        return merge(
                partsDir,
                prefix,
                target,
                "reason",
                Comparator.<Line, String>comparing(l -> l.sortText)
                        .thenComparing(l -> l.sortTime)
                        .thenComparing(l -> l.json));
    }

    private static final class Line {
        final String json;
        final String kind;
        final long sortTime;
        final String sortText;

        Line(String json, String kindField) {
            this.json = json;
            try {
                JsonNode n = MAPPER.readTree(json);
                this.kind = n.path(kindField).asText();
                if (n.has("alertId")) {
                    this.sortTime = OffsetDateTime.parse(n.get("ts").asText())
                            .toInstant()
                            .toEpochMilli();
                    this.sortText = n.get("alertId").asText();
                } else {
                    // source is "path:line" (or "topic/partition@offset"): order by the place, then the number
                    String source = n.path("source").asText();
                    int cut = Math.max(source.lastIndexOf(':'), source.lastIndexOf('@'));
                    long number;
                    try {
                        number = cut < 0 ? 0 : Long.parseLong(source.substring(cut + 1));
                    } catch (NumberFormatException e) {
                        number = 0;
                    }
                    this.sortText = cut < 0 ? source : source.substring(0, cut);
                    this.sortTime = number;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable line in replay output: " + json, e);
            }
        }
    }

    private static Written merge(Path partsDir, String prefix, Path target, String kindField, Comparator<Line> order) {
        List<Line> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(partsDir)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith(prefix + "-"))
                    .sorted()
                    .toList()) {
                for (String json : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    if (!json.isEmpty()) {
                        lines.add(new Line(json, kindField));
                    }
                }
            }
            lines.sort(order);
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Map<String, Long> byKind = new TreeMap<>();
            try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                for (Line l : lines) {
                    out.write(l.json);
                    out.write('\n');
                    byKind.merge(l.kind, 1L, Long::sum);
                }
            }
            return new Written(lines.size(), byKind);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
