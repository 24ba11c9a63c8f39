package io.riskwatch.rule;

import io.riskwatch.model.GroupFact;
import io.riskwatch.model.TradeFact;
import io.riskwatch.model.TransferFact;

/**
 * The ordered facts the client operator hands to sequence rules: each applied event of one type, with what a
 * pattern needs of the client's book at that moment. The operator emits a stream only when a running rule
 * reads it.
 */
public enum Facts {
    TRADES(TradeFact.class),
    TRANSFERS(TransferFact.class),
    /** Orders, cancels and trades with the group in force and the market data at them: the group operator's. */
    GROUP(GroupFact.class);

    private final Class<?> type;

    Facts(Class<?> type) {
        this.type = type;
    }

    public Class<?> type() {
        return type;
    }
}
