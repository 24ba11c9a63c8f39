package io.riskwatch.parse;

import io.riskwatch.metrics.LabelledCounters;
import io.riskwatch.model.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts every dead letter by reason (metric {@code deadLetters{reason=...}}) on its way to the sinks. */
public final class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private transient LabelledCounters byReason;

    @Override
    public void open(OpenContext openContext) {
        byReason = new LabelledCounters(getRuntimeContext().getMetricGroup(), "deadLetters", "reason");
    }

    @Override
    public DeadLetter map(DeadLetter d) {
        byReason.get(d.reason()).inc();
        return d;
    }
}
