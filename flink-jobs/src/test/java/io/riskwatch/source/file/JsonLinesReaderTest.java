package io.riskwatch.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {

    private static List<JsonLinesReader.Line> read(byte[] bytes, int max) throws IOException {
        List<JsonLinesReader.Line> lines = new ArrayList<>();
        try (JsonLinesReader r = new JsonLinesReader(new ByteArrayInputStream(bytes), max)) {
            for (JsonLinesReader.Line l = r.next(); l != null; l = r.next()) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static List<JsonLinesReader.Line> read(String text, int max) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), max);
    }

    @Test
    void blankLinesAreSkippedButCountTowardsPhysicalLineNumbers() throws IOException {
        List<JsonLinesReader.Line> lines = read("{\"a\":1}\n\n   \t\n{\"b\":2}\r\n\r\n{\"c\":3}", 100);
        assertThat(lines).extracting(JsonLinesReader.Line::number).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(lines)
                .filteredOn(l -> !l.blank())
                .extracting(JsonLinesReader.Line::text)
                .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstRecord() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        assertThat(read(all, 100).get(0).text()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aRecordOfExactlyTheLimitIsKeptOneByteMoreIsOversized() throws IOException {
        int max = 64 * 1024;
        String atLimit = "x".repeat(max);
        String over = "y".repeat(max + 1);
        String wayOver = "z".repeat(3 * max);
        List<JsonLinesReader.Line> lines = read(atLimit + "\r\n" + over + "\n" + wayOver + "\n{}", max);
        assertThat(lines.get(0).oversized()).isFalse();
        assertThat(lines.get(0).text()).hasSize(max);
        assertThat(lines.get(1).oversized()).isTrue();
        assertThat(lines.get(1).text()).hasSize(JsonLinesReader.OVERSIZED_RAW_BYTES);
        assertThat(lines.get(2).oversized()).isTrue();
        assertThat(lines.get(2).bytes()).isEqualTo(3L * max);
        assertThat(lines.get(3).text()).isEqualTo("{}");
        assertThat(lines.get(3).number()).isEqualTo(4);
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() throws IOException {
        String chinese = "贵".repeat(10); // 30 bytes
        assertThat(read(chinese, 30).get(0).oversized()).isFalse();
        assertThat(read(chinese, 29).get(0).oversized()).isTrue();
    }
}
