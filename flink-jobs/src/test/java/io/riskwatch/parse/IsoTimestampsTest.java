package io.riskwatch.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written path must decide exactly as {@code ISO_OFFSET_DATE_TIME} does, value for value. */
class IsoTimestampsTest {

    /** The formatter's answer: epoch ms, or null when it rejects the text. */
    private static Long reference(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static Long ours(IsoTimestamps t, String s) {
        try {
            return t.toEpochMilli(s);
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    @Test
    void edgeCasesDecideLikeTheFormatter() {
        List<String> cases = List.of(
                "2026-11-20T09:30:00.026+08:00",
                "2026-11-20T09:30:00+08:00",
                "2026-11-20T09:30:00Z",
                "2026-11-20T09:30:00.1Z",
                "2026-11-20T09:30:00.12Z",
                "2026-11-20T09:30:00.123456789Z",
                "2026-11-20T09:30:00.1234567891Z",
                "2026-11-20T09:30:00.Z",
                "2026-11-20T09:30Z",
                "2026-11-20T09:30:00",
                "2026-11-20 09:30:00Z",
                "2026-11-20T24:00:00Z",
                "2026-11-20T23:59:60Z",
                "2026-11-20T23:60:00Z",
                "2024-02-29T00:00:00Z",
                "2023-02-29T00:00:00Z",
                "2100-02-29T00:00:00Z",
                "2000-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-00-10T00:00:00Z",
                "2026-13-10T00:00:00Z",
                "2026-11-00T00:00:00Z",
                "2026-11-20T09:30:00+18:00",
                "2026-11-20T09:30:00-18:00",
                "2026-11-20T09:30:00+18:01",
                "2026-11-20T09:30:00+19:00",
                "2026-11-20T09:30:00-00:00",
                "2026-11-20T09:30:00+05:45",
                "2026-11-20T09:30:00+0800",
                "2026-11-20T09:30:00+08",
                "2026-11-20T09:30:00+08:00:00",
                "2026-11-20T09:30:00z",
                "2026-11-20t09:30:00Z",
                "1969-12-31T23:59:59.999Z",
                "1970-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999+08:00",
                "+12026-11-20T09:30:00Z",
                "2026-1-20T09:30:00Z",
                "2026-11-20T09:30:0aZ",
                "2026-11-20T09:30:00.0a1Z",
                "2026-11-20T09:30:00+08:00 ",
                "",
                "2026-11-20T09:30:00.026+08:60",
                "2026-11-20T9:30:00Z");
        for (String s : cases) {
            // a fresh parser (no cached minute) and one that just read a neighbour (cached minute)
            IsoTimestamps warm = new IsoTimestamps();
            ours(warm, "2026-11-20T09:30:59.999+08:00");
            ours(warm, s.length() > 16 ? s.substring(0, 16) + ":00Z" : s);
            assertThat(ours(new IsoTimestamps(), s)).as(s).isEqualTo(reference(s));
            assertThat(ours(warm, s)).as("after a neighbour: " + s).isEqualTo(reference(s));
        }
    }

    @Test
    void randomValuesInTimeOrderMatchTheFormatter() {
        Random random = new Random(42);
        IsoTimestamps t = new IsoTimestamps();
        List<String> offsets = List.of("Z", "+08:00", "-05:00", "+05:30", "+00:00");
        long ms = OffsetDateTime.parse("1999-12-31T23:00:00Z").toInstant().toEpochMilli();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            ms += random.nextInt(i % 1000 == 0 ? 400_000_000 : 900);
            String offset = offsets.get(i / 5000 % offsets.size());
            String text = OffsetDateTime.ofInstant(
                            Instant.ofEpochMilli(ms), offset.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset))
                    .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"
                            + switch (i % 3) {
                                case 0 -> ".SSS";
                                case 1 -> ".SSSSSS";
                                default -> "";
                            }
                            + "XXX"));
            Long got = ours(t, text);
            if (!Objects.equals(got, reference(text))) {
                mismatches.add(text);
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
