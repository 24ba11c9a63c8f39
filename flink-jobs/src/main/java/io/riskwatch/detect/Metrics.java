package io.riskwatch.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.alert.AlertJson;
import java.math.BigDecimal;
import java.util.List;

/** An alert's {@code metrics}: named numbers and words in insertion order, rendered to JSON once. */
public final class Metrics {
    private final ObjectNode node = AlertJson.mapper().createObjectNode();

    public static Metrics create() {
        return new Metrics();
    }

    public Metrics put(String name, BigDecimal value) {
        node.put(name, value);
        return this;
    }

    /** A CNY amount, with at least two decimals (800000 -> 800000.00). */
    public Metrics money(String name, BigDecimal value) {
        node.put(name, value.scale() < 2 ? value.setScale(2) : value);
        return this;
    }

    /** A list of CNY amounts, each with at least two decimals. */
    public Metrics moneyList(String name, List<BigDecimal> values) {
        ArrayNode array = node.putArray(name);
        for (BigDecimal v : values) {
            array.add(v.scale() < 2 ? v.setScale(2) : v);
        }
        return this;
    }

    public Metrics list(String name, List<String> values) {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
        return this;
    }

    /** A list of whole numbers (quantities). */
    public Metrics longList(String name, List<Long> values) {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
        return this;
    }

    /** A list of decimals as they are (fractions, prices). */
    public Metrics decimalList(String name, List<BigDecimal> values) {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
        return this;
    }

    public Metrics put(String name, long value) {
        node.put(name, value);
        return this;
    }

    public Metrics put(String name, String value) {
        node.put(name, value);
        return this;
    }

    public String json() {
        try {
            return AlertJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
