package io.riskwatch.model;

/**
 * A place in group processing order (contract 7.1): ts, then type (reading 2), then clientId, then eventId.
 * What a group rule keeps to tell whether one event was applied after another.
 */
public record GroupPosition(long ts, EventType type, String clientId, String eventId)
        implements Comparable<GroupPosition> {

    /** Where the order was applied. */
    public static GroupPosition of(OpenOrder o) {
        return new GroupPosition(o.ts(), EventType.ORDER, o.clientId(), o.eventId());
    }

    @Override
    public int compareTo(GroupPosition o) {
        return compare(ts, type, clientId, eventId, o.ts, o.type, o.clientId, o.eventId);
    }

    public static int compare(
            long ts,
            EventType type,
            String clientId,
            String eventId,
            long ts2,
            EventType type2,
            String client2,
            String eventId2) {
        int c = Long.compare(ts, ts2);
        if (c == 0) {
            c = Integer.compare(type.rank(), type2.rank());
        }
        if (c == 0) {
            c = clientId.compareTo(client2);
        }
        if (c == 0) {
            c = eventId.compareTo(eventId2);
        }
        return c;
    }
}
