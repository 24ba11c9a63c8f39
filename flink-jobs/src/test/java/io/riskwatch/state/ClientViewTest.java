package io.riskwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The trading day of a ts and the start of the next, as the zone says, also across a clock change. */
class ClientViewTest {
    @Test
    void everyMillisecondAroundMidnightAndAClockChangeGetsTheZonesDate() {
        for (String id : new String[] {"Asia/Shanghai", "America/New_York", "Europe/London"}) {
            ZoneId zone = ZoneId.of(id);
            ClientView view = new ClientView(zone);
            // 2026-03-08 and 2026-11-01: New York's clock changes; 2026-03-29: London's
            long from = Instant.parse("2026-03-06T00:00:00Z").toEpochMilli();
            long to = Instant.parse("2026-04-02T00:00:00Z").toEpochMilli();
            for (long ts = from; ts < to; ts += 1_799_999) { // not a divisor of an hour: every minute of day met
                check(view, zone, ts);
                check(view, zone, ts - 1); // back and forth: the cached day is not assumed to move forward
            }
            long midnight =
                    LocalDate.of(2026, 3, 30).atStartOfDay(zone).toInstant().toEpochMilli();
            check(view, zone, midnight - 1);
            check(view, zone, midnight);
        }
    }

    private static void check(ClientView view, ZoneId zone, long ts) {
        LocalDate expected = Instant.ofEpochMilli(ts).atZone(zone).toLocalDate();
        assertThat(view.tradingDay(ts)).as("%s %d", zone, ts).isEqualTo(expected);
        assertThat(view.startOfNextDay(expected))
                .isEqualTo(expected.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
        LocalDate other = expected.minusDays(3);
        assertThat(view.startOfNextDay(other))
                .isEqualTo(other.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    }
}
