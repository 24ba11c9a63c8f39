package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackedStringsTest {
    @Test
    void everyPartComesBackNullsEmptiesAndLongOnesIncluded() {
        String justShort = "a".repeat(0x7FFE);
        String firstLong = "b".repeat(0x7FFF); // the null marker's length: packed in four bytes
        String veryLong = "名".repeat(100_000);
        String[] parts = {"e-1", null, "", justShort, firstLong, veryLong, "10.50", "\u0000x"};

        byte[] packed = PackedStrings.pack(parts);

        for (int i = 0; i < parts.length; i++) {
            assertThat(PackedStrings.unpack(packed, i)).as("part %d", i).isEqualTo(parts[i]);
        }
    }

    @Test
    void shortPartsCostTwoBytesEachBeyondTheirText() {
        assertThat(PackedStrings.pack("t-7zh8e", "O13412604", null)).hasSize(2 + 7 + 2 + 9 + 2);
    }
}
