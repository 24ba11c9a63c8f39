package io.riskwatch.state;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.flink.streaming.api.TimerService;

/**
 * What a group rule sees of one linked-account group at the fact being applied: the group's id, its
 * {@link GroupBook} after the fact moved it, and the self-match the fact completed. Reused per fact; do not keep a
 * reference.
 */
public final class GroupView {
    private final ZoneId zone;
    private String groupId;
    private GroupBook book;
    private GroupBook.SelfMatch selfMatch;
    private TimerService timers;

    public GroupView(ZoneId zone) {
        this.zone = zone;
    }

    public GroupView at(String group, GroupBook groupBook, GroupBook.SelfMatch match, TimerService timerService) {
        this.groupId = group;
        this.book = groupBook;
        this.selfMatch = match;
        this.timers = timerService;
        return this;
    }

    /**
     * Asks for {@code GroupRule.onTimer} once the watermark reaches {@code ts}: for dropping a rule's state when its
     * window has passed, before the day's end. Timers are shared by the group's rules (and its facts' instants):
     * act only on your own expired state.
     */
    public void wakeAt(long ts) {
        timers.registerEventTimeTimer(ts);
    }

    public String groupId() {
        return groupId;
    }

    public GroupBook book() {
        return book;
    }

    /** The self-match the current fact completed (reading 20), else null. */
    public GroupBook.SelfMatch selfMatch() {
        return selfMatch;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The trading day of an instant, as an epoch day. */
    public long tradingDay(long ts) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(ts), zone).toEpochDay();
    }

    /** The first instant of the trading day after {@code epochDay}, epoch ms. */
    public long startOfNextDay(long epochDay) {
        return LocalDate.ofEpochDay(epochDay)
                .plusDays(1)
                .atStartOfDay(zone)
                .toInstant()
                .toEpochMilli();
    }
}
