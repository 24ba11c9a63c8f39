package io.riskwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void fiveFailuresOfANameAreFreeThenEachWaitDoubles() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("li.risk", "10.0.0." + i);
            assertThat(throttle.waitMillis("li.risk", "10.0.0.9")).isZero();
        }
        throttle.failed("li.risk", "10.0.0.4");
        assertThat(throttle.waitMillis("li.risk", "10.0.0.9")).isEqualTo(1_000);
        clock.millis += 999;
        assertThat(throttle.waitMillis("li.risk", "10.0.0.9")).isEqualTo(1);
        clock.millis += 1;
        assertThat(throttle.waitMillis("li.risk", "10.0.0.9")).isZero();
        throttle.failed("li.risk", "10.0.0.9");
        assertThat(throttle.waitMillis("li.risk", "10.0.0.9")).isEqualTo(2_000);
        // another name is not held back
        assertThat(throttle.waitMillis("wang.broker", "10.0.0.9")).isZero();
        throttle.succeeded("li.risk");
        assertThat(throttle.waitMillis("li.risk", "10.0.0.9")).isZero();
    }

    @Test
    void failuresOlderThanAMinuteAreForgottenWhileNoWaitIsOwed() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("li.risk", "10.0.0.1");
        }
        clock.millis += Duration.ofSeconds(61).toMillis();
        throttle.failed("li.risk", "10.0.0.1");
        assertThat(throttle.waitMillis("li.risk", "10.0.0.1")).isZero();
    }

    @Test
    void anAddressWaitsOnlyUntilItsOldestFailureLeavesTheMinute() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
            throttle.failed("name" + i, "10.0.0.1");
            clock.millis += 1_000;
        }
        // 20 failures from 10.0.0.1 within the last 20 s: it waits until the first is a minute old
        long wait = throttle.waitMillis("someone", "10.0.0.1");
        assertThat(wait).isBetween(40_000L, 41_001L);
        assertThat(throttle.waitMillis("someone", "10.0.0.2")).isZero();
        clock.millis += wait;
        assertThat(throttle.waitMillis("someone", "10.0.0.1")).isZero();
    }
}
