package io.riskwatch.detect;

import io.riskwatch.state.ClientView;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * "At most once per client, &lt;key&gt;, day" for a rule (precise reading 14: the day of the event that completes
 * the rule): remembers per key the trading day it last fired on, and forgets it at the next day's start.
 */
final class DailyOnce {
    private final MapState<String, Long> firedOn;

    DailyOnce(RuntimeContext context, String stateName) {
        firedOn = context.getMapState(new MapStateDescriptor<>(stateName, Types.STRING, Types.LONG));
    }

    /** True (and remembered) the first time on this trading day; false after that. */
    boolean firstToday(String key, long ts, ClientView client) throws Exception {
        long day = client.tradingDay(ts).toEpochDay();
        Long last = firedOn.get(key);
        if (last != null && last == day) {
            return false;
        }
        firedOn.put(key, day);
        client.wakeAt(client.startOfNextDay(client.tradingDay(ts)));
        return true;
    }

    /** Forgets the days that have ended. */
    void onTimer(long ts, ClientView client) throws Exception {
        long today = client.tradingDay(ts).toEpochDay();
        Iterator<Map.Entry<String, Long>> it = firedOn.iterator();
        boolean any = false;
        while (it.hasNext()) {
            if (it.next().getValue() < today) {
                it.remove();
            } else {
                any = true;
            }
        }
        if (!any) {
            firedOn.clear();
        }
    }
}
