package io.riskwatch.state;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

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

    public GroupView(ZoneId zone) {
        this.zone = zone;
    }

    public GroupView at(String group, GroupBook groupBook, GroupBook.SelfMatch match) {
        this.groupId = group;
        this.book = groupBook;
        this.selfMatch = match;
        return this;
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
