package io.riskwatch.source.kafka;

import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.model.DeadLetter;
import io.riskwatch.model.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaRecordParserTest {
    private static final long HOUR = 3_600_000L;

    private static SourceRecord read(KafkaRecordParser parser, byte[] value) {
        List<SourceRecord> out = new ArrayList<>();
        parser.deserialize(new ConsumerRecord<>("riskwatch.funds", 3, 17L, null, value), new ListCollector<>(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static byte[] transferAt(long millisAfterOpen) {
        return transfer("C1", "IN", "1")
                .id("t")
                .at(OPEN.plusMillis(millisAfterOpen))
                .json()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValueThatIsNotUtf8IsMalformedWithItsBytesKept() {
        byte[] bad = "{\"type\":\"transfer\",\"clientId\":\"Y?1\"}".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 4] = (byte) 0xfe;
        DeadLetter d = read(new KafkaRecordParser(65536), bad).deadLetter();
        assertThat(d.reason()).isEqualTo("malformed_json");
        assertThat(d.source()).isEqualTo("riskwatch.funds/3@17");
        assertThat(Base64.getDecoder().decode(d.rawBase64())).isEqualTo(bad);
    }

    @Test
    void aReplacementCharacterWrittenAsSuchIsValidText() {
        byte[] text = transfer("Y\uFFFD1", "IN", "1").id("t").at(OPEN).json().getBytes(StandardCharsets.UTF_8);
        SourceRecord r = read(new KafkaRecordParser(65536), text);
        assertThat(r.deadLetter()).isNull();
        assertThat(r.event().transfer().clientId()).isEqualTo("Y\uFFFD1");
    }

    @Test
    void liveAnEventMoreThanMaxFutureAheadOfTheClockIsImplausible() {
        long now = OPEN.toEpochMilli();
        KafkaRecordParser live = new KafkaRecordParser(65536, HOUR, () -> now, null);
        assertThat(read(live, transferAt(HOUR)).event()).isNotNull();
        DeadLetter d = read(live, transferAt(HOUR + 1)).deadLetter();
        assertThat(d.reason()).isEqualTo("implausible_ts");
        assertThat(d.raw()).isEqualTo(new String(transferAt(HOUR + 1), StandardCharsets.UTF_8));
        // days behind the clock is a backlog, not a jump
        assertThat(read(live, transferAt(-Duration.ofDays(3).toMillis())).event())
                .isNotNull();
    }

    @Test
    void withoutTheClockCheckAFutureEventIsRead() {
        KafkaRecordParser replay = new KafkaRecordParser(65536, 0, () -> OPEN.toEpochMilli(), null);
        assertThat(read(replay, transferAt(Duration.ofDays(400).toMillis())).event())
                .isNotNull();
    }
}
