package io.riskwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void keepsTheLastFourOnly() {
        assertThat(Masking.lastFour("6222020200112233445")).isEqualTo("****3445");
        assertThat(Masking.lastFour("6222 0202 0011 2233 445")).isEqualTo("****3445");
        assertThat(Masking.lastFour("12345")).isEqualTo("****2345");
        assertThat(Masking.lastFour("1234")).isEqualTo("****");
        assertThat(Masking.lastFour("")).isEqualTo("****");
        assertThat(Masking.lastFour(null)).isNull();
    }
}
