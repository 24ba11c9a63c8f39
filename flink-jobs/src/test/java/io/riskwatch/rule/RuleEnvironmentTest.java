package io.riskwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The continuous session (contract 7.1): start included, end excluded, in the trading-day zone. */
class RuleEnvironmentTest {
    private static final RuleEnvironment SHANGHAI = new RuleEnvironment("Asia/Shanghai");

    private static long at(String zone, String dateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(dateTime), ZoneId.of(zone))
                .toInstant()
                .toEpochMilli();
    }

    /** The time of day read the long way, as a reader of the contract would. */
    private static boolean byLocalTime(RuleEnvironment env, long ts) {
        LocalTime t = Instant.ofEpochMilli(ts).atZone(env.zone()).toLocalTime();
        for (String range : env.continuousSession()) {
            LocalTime[] b = RuleEnvironment.bounds(range);
            if (!t.isBefore(b[0]) && t.isBefore(b[1])) {
                return true;
            }
        }
        return false;
    }

    @Test
    void eachRangeIncludesItsStartAndExcludesItsEnd() {
        RuleEnvironment.Session s = SHANGHAI.session();
        String day = "2026-11-20T";
        assertThat(s.contains(at("Asia/Shanghai", day + "09:29:59.999"))).isFalse();
        assertThat(s.contains(at("Asia/Shanghai", day + "09:30:00"))).isTrue();
        assertThat(s.contains(at("Asia/Shanghai", day + "11:29:59.999"))).isTrue();
        assertThat(s.contains(at("Asia/Shanghai", day + "11:30:00"))).isFalse();
        assertThat(s.contains(at("Asia/Shanghai", day + "13:00:00"))).isTrue();
        assertThat(s.contains(at("Asia/Shanghai", day + "14:56:59.999"))).isTrue();
        assertThat(s.contains(at("Asia/Shanghai", day + "14:57:00"))).isFalse();
    }

    @Test
    void agreesWithTheTimeOfDayAcrossDaysAndADaylightSavingChange() {
        RuleEnvironment berlin = new RuleEnvironment("Europe/Berlin", List.of("01:30-03:30", "09:30-11:30"));
        for (RuleEnvironment env : List.of(SHANGHAI, berlin)) {
            RuleEnvironment.Session s = env.session();
            long from = at("UTC", "2026-03-27T00:00:00"); // Berlin springs forward on 2026-03-29
            for (long ts = from; ts < from + 4 * 86_400_000L; ts += 59_999) {
                assertThat(s.contains(ts))
                        .as("%s at %d", env.tradingDayZone(), ts)
                        .isEqualTo(byLocalTime(env, ts));
            }
        }
    }

    @Test
    void aRangeThatIsNotTwoOrderedTimesIsRefused() {
        assertThatThrownBy(() -> new RuleEnvironment("Asia/Shanghai", List.of("11:30-09:30")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11:30-09:30");
    }
}
