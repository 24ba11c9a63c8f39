package io.riskwatch.rule;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.apache.flink.util.TimeUtils;

/**
 * A duration written as text in a rules file ({@code 500ms}, {@code 10min}, {@code 120h}) held as milliseconds.
 * Annotate a {@code long} settings field with {@code @JsonDeserialize(using = DurationText.Reader.class)} and
 * {@code @JsonSerialize(using = DurationText.Writer.class)}.
 */
public final class DurationText {
    private DurationText() {}

    public static long millis(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing duration");
        }
        return TimeUtils.parseDuration(text).toMillis();
    }

    public static final class Reader extends StdDeserializer<Long> {
        private static final long serialVersionUID = 1L;

        public Reader() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return millis(p.getValueAsString());
        }
    }

    public static final class Writer extends StdSerializer<Long> {
        private static final long serialVersionUID = 1L;

        public Writer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value + "ms");
        }
    }
}
