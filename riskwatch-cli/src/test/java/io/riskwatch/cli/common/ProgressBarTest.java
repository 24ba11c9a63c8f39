package io.riskwatch.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void filesShowTheShareOfBytesReadAndTheTimeLeftAtTheRateSoFar() {
        String line = ProgressBar.render("replay", 500_000, 50L << 20, 100L << 20, 0, 10 * SECOND);
        assertThat(line)
                .startsWith("replay [############............]  50%")
                .contains("500,000 events (50.0 MiB of 100.0 MiB)")
                .contains("50,000 events/s")
                .endsWith("ETA 0:10");
    }

    @Test
    void kafkaShowsTheShareOfThePlannedRecords() {
        String line = ProgressBar.render("replay", 250, 0, 0, 1000, 3 * SECOND);
        assertThat(line)
                .contains("[######..................]  25%")
                .contains("250 events of 1,000")
                .endsWith("ETA 0:09");
    }

    @Test
    void anUnknownTotalShowsNoBarAndNoEta() {
        String line = ProgressBar.render("replay", 1234, 0, 0, 0, 2 * SECOND);
        assertThat(line).isEqualTo("replay   1,234 events  617 events/s");
    }

    @Test
    void onceEverythingIsReadItSaysTheRulesAreFinishing() {
        String line = ProgressBar.render("replay", 9, 2048, 2048, 0, 4 * SECOND);
        assertThat(line)
                .contains("[########################] 100%")
                .endsWith("read; rules finishing")
                .doesNotContain("ETA");
    }

    @Test
    void noRateOrEtaInTheFirstHalfSecond() {
        assertThat(ProgressBar.render("replay", 10, 10, 100, 0, SECOND / 10))
                .doesNotContain("events/s")
                .doesNotContain("ETA");
    }

    @Test
    void beforeTheFirstRecordItSaysTheJobIsStarting() {
        assertThat(ProgressBar.render("replay", 0, 0, 100, 0, 0)).isEqualTo("replay starting the job ...");
    }

    @Test
    void longEtasHaveHours() {
        assertThat(ProgressBar.duration(3661)).isEqualTo("1:01:01");
        assertThat(ProgressBar.duration(59)).isEqualTo("0:59");
    }

    @Test
    void redrawsInPlaceAndEndsTheLineWhenClosed() {
        ReadProgress progress = ReadProgress.open();
        AtomicLong now = new AtomicLong(0);
        StringWriter text = new StringWriter();
        try (ProgressBar bar = new ProgressBar("replay", progress, 1000, 0, new PrintWriter(text), now::get)) {
            progress.readTo(10, 500);
            now.set(SECOND);
            bar.draw();
            progress.readTo(20, 1000);
            now.set(2 * SECOND);
        } finally {
            progress.close();
        }
        String[] frames = text.toString().split("\r");
        assertThat(frames).hasSize(3);
        assertThat(frames[1]).contains(" 50%").contains("10 events");
        // read from 0.5 s (between the draws at 0 and 1 s): 20 events in 1.5 s
        assertThat(frames[2])
                .contains("100%")
                .contains("13 events/s")
                .contains("20 events")
                .endsWith(System.lineSeparator());
    }
}
