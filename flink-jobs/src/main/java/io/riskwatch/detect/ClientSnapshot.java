package io.riskwatch.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.riskwatch.state.ClientBook;
import io.riskwatch.state.ClientView;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The client's situation at an alert, for the console's client view (issue 24): profile (tier, risk profile,
 * broker, group), cash, total assets and each position with its price (the latest quote at or before the event,
 * else the position's average cost), value and share of total assets. Rendered once per alert raised in the client
 * operator; the Redis sink keeps the latest per client.
 */
public final class ClientSnapshot {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ClientSnapshot() {}

    /** The view as JSON, as of {@code tsMillis} (the alert's event time). */
    public static String json(ClientView client, long tsMillis) {
        ClientBook book = client.book();
        BigDecimal total = client.totalAssets();
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("clientId", client.clientId());
            g.writeStringField("asOf", AlertFactory.formatTs(tsMillis, client.zone()));
            g.writeStringField("tier", client.tier().name());
            text(g, "riskProfile", book.riskProfile == null ? null : book.riskProfile.name());
            text(g, "brokerId", book.brokerId);
            text(g, "groupId", book.groupId);
            decimal(g, "cash", book.cash);
            decimal(g, "totalAssets", total);
            g.writeArrayFieldStart("positions");
            for (String symbol : book.symbols) {
                BigDecimal quote = client.priceOf(symbol);
                BigDecimal value = client.holdingValue(symbol);
                g.writeStartObject();
                g.writeStringField("symbol", symbol);
                g.writeNumberField("quantity", book.quantityOf(symbol));
                decimal(g, "price", quote != null ? quote : book.avgCostOf(symbol));
                g.writeStringField("priceFrom", quote != null ? "quote" : "avgCost");
                decimal(g, "value", value);
                decimal(g, "share", total.signum() > 0 ? value.divide(total, 4, RoundingMode.HALF_EVEN) : null);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("client view of " + client.clientId() + " cannot be rendered", e);
        }
        return out.toString();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void decimal(JsonGenerator g, String name, BigDecimal value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.toPlainString());
        }
    }
}
