package io.riskwatch.sink.notify;

import io.riskwatch.alert.Alert;
import java.util.List;

/** Where alerts go whose notification failed for good (e.g. the Redis {@code notify:failed} stream). */
@FunctionalInterface
public interface FailureRecorder {
    void failed(String channel, List<Alert> alerts, String reason);
}
