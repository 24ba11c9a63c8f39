package io.riskwatch.sink.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A notifier that POSTs a JSON body (JDK HttpClient) and maps the answer to success or a {@link NotifyException}. */
public abstract class HttpNotifier implements Notifier {
    private final String channel;
    private final HttpClient http;
    private final Duration timeout;

    protected HttpNotifier(String channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // webhooks and robots speak it; no h2c upgrade dance
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String channel() {
        return channel;
    }

    /** The request target (a robot may sign it per request). */
    protected abstract URI target();

    /** The message for a batch of alerts, in the channel's documented shape. */
    protected abstract String body(List<Alert> alerts);

    @Override
    public void send(List<Alert> alerts) throws NotifyException {
        HttpRequest request = HttpRequest.newBuilder(target())
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(alerts), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NotifyException(
                    channel + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), true, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotifyException(channel + ": interrupted", false, null, e);
        }
        check(response);
    }

    /** 2xx is success; 429 and 5xx are retried (429 after Retry-After); other statuses are final. */
    protected void check(HttpResponse<String> response) throws NotifyException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String reason = channel + ": HTTP " + status;
        if (status == 429) {
            throw new NotifyException(
                    reason, true, retryAfter(response.headers().firstValue("Retry-After")), null);
        }
        throw new NotifyException(reason, status >= 500, null, null);
    }

    /** Renders a message body built with the shared mapper. */
    protected static String write(ObjectNode body) {
        try {
            return AlertJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message body cannot be rendered", e);
        }
    }

    /** Retry-After in seconds (an HTTP date is read as "no hint": the backoff applies). */
    static Duration retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.get().trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
