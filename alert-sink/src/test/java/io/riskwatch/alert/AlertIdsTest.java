package io.riskwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlertIdsTest {
    @Test
    void theSameRuleKeyAndEvidenceGiveTheSameId() {
        String a = AlertIds.of("LARGE_TRANSFER", "C1", List.of("t-1"));
        assertThat(AlertIds.of("LARGE_TRANSFER", "C1", List.of("t-1"))).isEqualTo(a);
        assertThat(a).matches("LARGE_TRANSFER-[0-9a-f]{16}");
    }

    @Test
    void anyDifferenceGivesADifferentId() {
        String a = AlertIds.of("RAPID_IN_OUT", "C1", List.of("in-1", "out-1"));
        assertThat(AlertIds.of("RAPID_IN_OUT", "C1", List.of("in-2", "out-1"))).isNotEqualTo(a);
        assertThat(AlertIds.of("RAPID_IN_OUT", "C2", List.of("in-1", "out-1"))).isNotEqualTo(a);
        assertThat(AlertIds.of("STRUCTURING", "C1", List.of("in-1", "out-1")))
                .isNotEqualTo(a.replace("RAPID_IN_OUT", "STRUCTURING"));
        // parts are separated: ("ab","c") is not ("a","bc")
        assertThat(AlertIds.of("R", "K", List.of("ab", "c"))).isNotEqualTo(AlertIds.of("R", "K", List.of("a", "bc")));
    }
}
