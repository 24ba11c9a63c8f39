package io.riskwatch.source.file;

import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.SourceRecord;
import io.riskwatch.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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

    private static final Duration HOUR = Duration.ofHours(1);

    private static String c(String id, Duration after) {
        return cancelAt(id, OPEN.plus(after));
    }

    private static String cancelAt(String id, Instant at) {
        return TestEvents.cancel("C1", "O1").id(id).at(at).json();
    }

    @Test
    void aRecordDatedTheNextDayAmongTodaysIsImplausibleAndBlindsNothing() throws IOException {
        Path f = file(
                "funds.jsonl",
                t("a", Duration.ZERO),
                t("b", Duration.ofSeconds(10)),
                t("typo", Duration.ofDays(1).plusSeconds(15)),
                t("c", Duration.ofSeconds(20)),
                t("d", Duration.ofSeconds(30)));
        List<SourceRecord> out = mergeAll(0, f);
        assertThat(dead(out)).containsExactly("implausible_ts@funds.jsonl:3");
        assertThat(eventIds(out)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aJumpIsMoreThanMaxFutureAheadOfBothNeighbours() throws IOException {
        // exactly an hour ahead of the record before it: not a jump (then c, an hour behind, is late)
        Path exactlyAhead = file("exact.jsonl", t("a", Duration.ZERO), t("x", HOUR), t("c", Duration.ofMillis(1)));
        List<SourceRecord> out = mergeAll(0, exactlyAhead);
        assertThat(eventIds(out)).containsExactly("a", "x");
        assertThat(dead(out)).containsExactly("late_event@exact.jsonl:3");

        // 1 ms more ahead of both: implausible
        Path above = file("above.jsonl", t("a", Duration.ZERO), t("x", HOUR.plusMillis(1)), t("c", Duration.ZERO));
        out = mergeAll(0, above);
        assertThat(eventIds(out)).containsExactly("a", "c");
        assertThat(dead(out)).containsExactly("implausible_ts@above.jsonl:2");

        // more than an hour ahead of the record before, exactly an hour ahead of the one after: taken
        Path notAfter =
                file("after.jsonl", t("a", Duration.ZERO), t("x", HOUR.plusMillis(1)), t("c", Duration.ofMillis(1)));
        out = mergeAll(0, notAfter);
        assertThat(eventIds(out)).containsExactly("a", "x");
        assertThat(dead(out)).containsExactly("late_event@after.jsonl:3");
    }

    @Test
    void aQuietNightFollowedByTheMorningIsNotAJump() throws IOException {
        Path f = file(
                "days.jsonl",
                t("evening1", Duration.ofHours(5)),
                t("evening2", Duration.ofHours(5).plusMinutes(1)),
                t("morning1", Duration.ofHours(24)),
                t("morning2", Duration.ofHours(24).plusMinutes(1)));
        List<SourceRecord> out = mergeAll(0, f);
        assertThat(dead(out)).isEmpty();
        assertThat(eventIds(out)).containsExactly("evening1", "evening2", "morning1", "morning2");
    }

    @Test
    void theFirstRecordIsJudgedByTheNextAloneAndTheLastIsTaken() throws IOException {
        Path first = file(
                "first.jsonl", t("typo", Duration.ofDays(1)), t("a", Duration.ZERO), t("b", Duration.ofSeconds(1)));
        List<SourceRecord> out = mergeAll(0, first);
        assertThat(dead(out)).containsExactly("implausible_ts@first.jsonl:1");
        assertThat(eventIds(out)).containsExactly("a", "b");

        Path last =
                file("last.jsonl", t("a", Duration.ZERO), t("b", Duration.ofSeconds(1)), t("z", Duration.ofDays(1)));
        out = mergeAll(0, last);
        assertThat(dead(out)).isEmpty();
        assertThat(eventIds(out)).containsExactly("a", "b", "z");

        Path alone = file("alone.jsonl", t("only", Duration.ofDays(1)));
        assertThat(eventIds(mergeAll(0, alone))).containsExactly("only");
    }

    @Test
    void aCancelDatedYear9999LosesNoOtherOrderEvent() throws IOException {
        Path f = file(
                "orders.jsonl",
                c("c1", Duration.ZERO),
                c("c2", Duration.ofSeconds(1)),
                cancelAt("far", Instant.parse("9999-12-31T23:59:59Z")),
                c("c3", Duration.ofSeconds(2)),
                "{not json",
                c("c4", Duration.ofSeconds(3)));
        List<SourceRecord> out = mergeAll(0, f);
        assertThat(dead(out))
                .containsExactlyInAnyOrder("implausible_ts@orders.jsonl:3", "malformed_json@orders.jsonl:5");
        assertThat(eventIds(out)).containsExactly("c1", "c2", "c3", "c4");
    }

    @Test
    void withMaxFutureOffAJumpMakesTheRestLateAsBefore() throws IOException {
        Path f = file("off.jsonl", t("a", Duration.ZERO), t("typo", Duration.ofDays(1)), t("b", Duration.ofSeconds(1)));
        List<String> names = List.of(f.toString());
        List<SourceRecord> out = new ArrayList<>();
        try (ReplayMerger m = new ReplayMerger(names, List.of(f), 65536, BOUND, 0, 0, null)) {
            m.forEachRemaining(out::add);
        }
        assertThat(eventIds(out)).containsExactly("a", "typo");
        assertThat(dead(out)).containsExactly("late_event@off.jsonl:3");
    }

    @Test
    void aLineThatIsNotUtf8IsMalformedWithItsBytesKept() throws IOException {
        Path p = dir.resolve("bytes.jsonl");
        String good = t("a", Duration.ZERO);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(good.getBytes(StandardCharsets.UTF_8));
        all.write('\n');
        byte[] bad = "{\"type\":\"transfer\",\"clientId\":\"Y?1\"}".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 4] = (byte) 0xff;
        all.writeBytes(bad);
        all.write('\n');
        Files.write(p, all.toByteArray());
        List<SourceRecord> out = mergeAll(0, p);
        assertThat(dead(out)).containsExactly("malformed_json@bytes.jsonl:2");
        var letter = out.stream()
                .filter(r -> r.deadLetter() != null)
                .findFirst()
                .orElseThrow()
                .deadLetter();
        assertThat(Base64.getDecoder().decode(letter.rawBase64())).isEqualTo(bad);
        assertThat(letter.raw()).contains("Y\uFFFD1");
    }
}
