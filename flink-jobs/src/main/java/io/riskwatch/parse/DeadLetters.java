package io.riskwatch.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.model.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * The dead letter's JSON form: {@code {"reason": ..., "source": ..., "raw": ...}} in that order, then
 * {@code "rawBase64"} only for a record whose bytes are not valid UTF-8.
 */
public final class DeadLetters {
    /** Where every operator sends a record it cannot apply, with the reason. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private DeadLetters() {}

    public static String toJson(DeadLetter d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("reason", d.reason());
        n.put("source", d.source());
        n.put("raw", d.raw());
        if (d.rawBase64() != null) {
            n.put("rawBase64", d.rawBase64());
        }
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
