package io.riskwatch.console;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing down, per typed name and per address. A name: {@value #FREE_FAILURES} wrong passwords
 * within {@value #WINDOW_MILLIS} ms are free; after that each further attempt must wait, from the last failure, 1 s,
 * then twice as long for each failure more (at most {@value #MAX_WAIT_MILLIS} ms). An address: at most {@value
 * #FREE_FAILURES_PER_ADDRESS} failures within the window, then it waits until the oldest of them leaves the window
 * (never more than a minute: colleagues behind one proxy share its address, and one of them guessing must not lock
 * the others out for long). An attempt made while it must wait is
 * refused without its password being checked (so a right password does not get through either, and costs no hashing),
 * and does not count. A successful sign-in clears the name's failures. Unknown names are throttled the same way as
 * known ones (the answer never tells which names exist). Memory is bounded: quiet entries are dropped, and past
 * {@value #MAX_KEYS} keys the oldest go first.
 */
final class SignInThrottle {
    static final int FREE_FAILURES = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final long WINDOW_MILLIS = 60_000;
    static final long FIRST_WAIT_MILLIS = 1_000;
    static final long MAX_WAIT_MILLIS = 15 * 60_000;
    static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Milliseconds the attempt for this name from this address must still wait; 0 when it may go ahead. */
    long waitMillis(String name, String address) {
        long now = clock.millis();
        return Math.max(wait(key("name", name), FREE_FAILURES, now), addressWait(key("address", address), now));
    }

    void failed(String name, String address) {
        long now = clock.millis();
        record(key("name", name), now);
        recordInWindow(key("address", address), now);
        if (failures.size() > MAX_KEYS) {
            prune(now);
        }
    }

    void succeeded(String name) {
        failures.remove(key("name", name));
    }

    /** A sliding window: the wait until the failure that fills it has left it. */
    private long addressWait(String key, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() > WINDOW_MILLIS) {
                times.removeFirst();
            }
            if (times.size() < FREE_FAILURES_PER_ADDRESS) {
                return 0;
            }
            // the failure whose leaving brings the window below the limit
            int k = times.size() - FREE_FAILURES_PER_ADDRESS;
            long t = times.stream().skip(k).findFirst().orElseThrow();
            return Math.max(0, t + WINDOW_MILLIS - now + 1);
        }
    }

    private long wait(String key, int free, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            expire(times, now);
            int n = times.size();
            if (n < free) {
                return 0;
            }
            int extra = Math.min(n - free, 20);
            long wait = Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << extra);
            return Math.max(0, times.peekLast() + wait - now);
        }
    }

    private void record(String key, long now) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            while (times.size() > FREE_FAILURES + 30) {
                times.removeFirst();
            }
        }
    }

    private void recordInWindow(String key, long now) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() > WINDOW_MILLIS) {
                times.removeFirst();
            }
            times.addLast(now);
            while (times.size() > 2 * FREE_FAILURES_PER_ADDRESS) {
                times.removeFirst();
            }
        }
    }

    /**
     * Failures older than the window are forgotten, except while the last one still makes the next attempt wait
     * (a wait longer than the window must not end early because the failures behind it aged out).
     */
    private static void expire(Deque<Long> times, long now) {
        Long last = times.peekLast();
        if (last != null && now - last < MAX_WAIT_MILLIS && times.size() > FREE_FAILURES) {
            return;
        }
        while (!times.isEmpty() && now - times.peekFirst() > WINDOW_MILLIS) {
            times.removeFirst();
        }
    }

    private void prune(long now) {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || now - last > MAX_WAIT_MILLIS;
            }
        });
        if (failures.size() > MAX_KEYS) {
            // a flood of distinct names: keep the throttled ones, forget the rest
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().size() < FREE_FAILURES;
                }
            });
        }
    }

    private static String key(String kind, String value) {
        return kind + ":" + (value == null ? "" : value);
    }
}
