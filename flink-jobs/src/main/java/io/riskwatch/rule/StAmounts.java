package io.riskwatch.rule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One threshold with a value for securities under risk warning (ST, *ST) and one for the others (contract section
 * 7: section-7 thresholds have ST / other values, never per tier). In a rules file: {@code {st: .., other: ..}}.
 */
public record StAmounts(
        @JsonProperty("st") BigDecimal st,
        @JsonProperty("other") BigDecimal other) implements Serializable {

    @JsonCreator
    public StAmounts {}

    public static StAmounts of(String st, String other) {
        return new StAmounts(new BigDecimal(st), new BigDecimal(other));
    }

    public BigDecimal of(boolean isSt) {
        return isSt ? st : other;
    }
}
