package io.riskwatch.sink.notify;

import io.riskwatch.alert.route.ChannelSpec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/** Builds the notifier of a configured channel, resolving its secrets (on the task manager, never logged). */
public final class Notifiers {
    private Notifiers() {}

    public static Notifier create(ChannelSpec spec, Duration timeout) {
        String what = "channel " + spec.name();
        // Java 17: no pattern matching in switch yet
        if (spec instanceof ChannelSpec.Webhook w) {
            return new WebhookNotifier(
                    w.name(),
                    URI.create(w.url() != null ? w.url() : w.urlSecret().resolve(what + " url")),
                    timeout);
        }
        if (spec instanceof ChannelSpec.WeCom w) {
            return new WeComNotifier(
                    w.name(),
                    base(w.baseUrl(), WeComNotifier.DEFAULT_BASE),
                    w.key().resolve(what + " key"),
                    timeout);
        }
        if (spec instanceof ChannelSpec.DingTalk d) {
            return new DingTalkNotifier(
                    d.name(),
                    base(d.baseUrl(), DingTalkNotifier.DEFAULT_BASE),
                    d.token().resolve(what + " token"),
                    d.secret().resolve(what + " secret"),
                    timeout,
                    Clock.systemUTC());
        }
        if (spec instanceof ChannelSpec.Slack s) {
            return new SlackNotifier(s.name(), URI.create(s.url().resolve(what + " url")), timeout);
        }
        ChannelSpec.Email e = (ChannelSpec.Email) spec;
        return new EmailNotifier(
                e.name(),
                e.host(),
                e.port(),
                EmailNotifier.Security.valueOf(e.security().toUpperCase(Locale.ROOT)),
                e.username(),
                e.username() == null ? null : e.password().resolve(what + " password"),
                e.from(),
                e.to(),
                timeout);
    }

    private static String base(String configured, String fallback) {
        return configured != null ? configured : fallback;
    }
}
