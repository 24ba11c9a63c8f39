package io.riskwatch.source.file;

import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.SourceRecord;
import io.riskwatch.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayMergerTest {
    private static final long BOUND = 5_000;

    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private static String t(String id, Duration after) {
        return transfer("C1", "IN", "1").id(id).at(OPEN.plus(after)).json();
    }

    private List<SourceRecord> mergeAll(long skip, Path... files) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.toString());
        }
        List<SourceRecord> out = new ArrayList<>();
        try (ReplayMerger m = new ReplayMerger(names, List.of(files), 65536, BOUND, skip)) {
            m.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<String> eventIds(List<SourceRecord> rs) {
        return rs.stream()
                .filter(r -> r.event() != null)
                .map(r -> r.event().eventId())
                .toList();
    }

    private static List<String> dead(List<SourceRecord> rs) {
        return rs.stream()
                .filter(r -> r.deadLetter() != null)
                .map(r ->
                        r.deadLetter().reason() + "@" + r.deadLetter().source().replaceAll(".*/", ""))
                .toList();
    }

    @Test
    void disorderUpToTheBoundIsReorderedOneMillisecondMoreIsLate() throws IOException {
        Path f = file(
                "a.jsonl",
                t("a", Duration.ofSeconds(10)),
                t("b", Duration.ofSeconds(5)), // exactly the bound behind: on time
                t("c", Duration.ofMillis(4_999)), // 1 ms beyond the bound: late
                t("d", Duration.ofSeconds(11)));
        List<SourceRecord> out = mergeAll(0, f);
        assertThat(eventIds(out)).containsExactly("b", "a", "d");
        assertThat(dead(out)).containsExactly("late_event@a.jsonl:3");
    }

    @Test
    void lateIsJudgedWithinEachFileNeverAgainstAnother() throws IOException {
        // file a runs a whole day ahead of file b: nothing in b is late
        Path a = file("a.jsonl", t("a1", Duration.ofHours(20)), t("a2", Duration.ofHours(21)));
        Path b = file("b.jsonl", t("b1", Duration.ZERO), t("b2", Duration.ofHours(1)));
        List<SourceRecord> out = mergeAll(0, a, b);
        assertThat(eventIds(out)).containsExactly("b1", "b2", "a1", "a2");
        assertThat(dead(out)).isEmpty();
    }

    @Test
    void equalTimestampsFollowTypeRankThenEventId() throws IOException {
        String ts = TestEvents.iso(OPEN);
        Path f = file(
                "a.jsonl",
                "{\"type\":\"trade\",\"eventId\":\"a\",\"ts\":\"" + ts
                        + "\",\"clientId\":\"C1\",\"orderId\":\"O\",\"symbol\":\"S\",\"side\":\"BUY\","
                        + "\"price\":1,\"quantity\":1}",
                "{\"type\":\"transfer\",\"eventId\":\"c\",\"ts\":\"" + ts
                        + "\",\"clientId\":\"C1\",\"direction\":\"IN\",\"amount\":1}",
                "{\"type\":\"transfer\",\"eventId\":\"b\",\"ts\":\"" + ts
                        + "\",\"clientId\":\"C1\",\"direction\":\"IN\",\"amount\":1}",
                "{\"type\":\"client\",\"eventId\":\"d\",\"ts\":\"" + ts + "\",\"clientId\":\"C1\"}");
        assertThat(eventIds(mergeAll(0, f))).containsExactly("d", "b", "c", "a"); // rank first, eventId within a type
    }

    @Test
    void badLinesAreDeadLetteredWithTheirPhysicalLineAndBlankLinesAreNot() throws IOException {
        Path f = file(
                "a.jsonl", t("a", Duration.ZERO), "", "{oops", "   ", "{\"type\":\"nope\"}", t("b", Duration.ZERO));
        List<SourceRecord> out = mergeAll(0, f);
        assertThat(out).hasSize(4);
        assertThat(dead(out)).containsExactly("malformed_json@a.jsonl:3", "unknown_type@a.jsonl:5");
        assertThat(eventIds(out)).containsExactly("a", "b");
    }

    @Test
    void aRecordOverTheSizeLimitIsDeadLetteredAsOversizedAndReadingGoesOn() throws IOException {
        String huge = transfer("C1", "IN", "1")
                .id("huge")
                .with("channel", "x".repeat(70_000))
                .json();
        Path f = file("a.jsonl", t("a", Duration.ZERO), huge, t("b", Duration.ofSeconds(1)));
        List<SourceRecord> out = mergeAll(0, f);
        assertThat(dead(out)).containsExactly("oversized@a.jsonl:2");
        assertThat(out.stream()
                        .filter(r -> r.deadLetter() != null)
                        .findFirst()
                        .orElseThrow()
                        .deadLetter()
                        .raw())
                .hasSize(JsonLinesReader.OVERSIZED_RAW_BYTES)
                .startsWith("{\"type\":\"transfer\"");
        assertThat(eventIds(out)).containsExactly("a", "b");
    }

    @Test
    void restoringSkipsExactlyWhatWasEmitted() throws IOException {
        Path f = file(
                "a.jsonl", t("a", Duration.ZERO), "bad", t("b", Duration.ofSeconds(1)), t("c", Duration.ofSeconds(2)));
        List<SourceRecord> all = mergeAll(0, f);
        List<SourceRecord> rest = mergeAll(2, f);
        assertThat(rest).isEqualTo(all.subList(2, all.size()));
    }
}
