package io.riskwatch.sink.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.AlertJson;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * WeCom and DingTalk robots answer HTTP 200 with {@code {"errcode":0,"errmsg":"ok"}}, and report errors in the
 * body; their rate-limit codes are retried like a 429.
 */
final class RobotResponse {
    private RobotResponse() {}

    static void check(String channel, HttpResponse<String> response, Set<Integer> rateLimitCodes)
            throws NotifyException {
        JsonNode body;
        try {
            body = AlertJson.mapper().readTree(response.body());
        } catch (Exception e) {
            throw new NotifyException(channel + ": unreadable answer", true, null, e);
        }
        int code = body.path("errcode").asInt(-1);
        if (code == 0) {
            return;
        }
        String reason =
                channel + ": errcode " + code + " " + body.path("errmsg").asText();
        throw new NotifyException(reason, rateLimitCodes.contains(code), null, null);
    }
}
