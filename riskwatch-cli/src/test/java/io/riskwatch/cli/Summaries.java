package io.riskwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the figures of a command's summary. */
final class Summaries {
    private Summaries() {}

    /** The number after {@code label} ({@code events read     6,634} gives 6634). */
    static long count(String text, String label) {
        Matcher m = Pattern.compile(label + "\\s+([0-9,]+)").matcher(text);
        assertThat(m.find()).as(label + " in " + text).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
