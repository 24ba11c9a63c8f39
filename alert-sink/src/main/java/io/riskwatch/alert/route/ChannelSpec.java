package io.riskwatch.alert.route;

import java.io.Serializable;
import java.util.List;

/**
 * One configured notification channel, by kind. Plain data: the sink module turns it into a notifier.
 * Secrets are {@link Secret}s, resolved only when the notifier is built on the task manager.
 */
public sealed interface ChannelSpec extends Serializable {
    /** The name routes refer to, e.g. {@code risk-wecom}. */
    String name();

    /** A generic JSON webhook; the URL is either plain or a secret (when it embeds a token). */
    record Webhook(String name, String url, Secret urlSecret) implements ChannelSpec {}

    /** WeCom (企业微信) group robot; {@code key} is the robot's webhook key. */
    record WeCom(String name, String baseUrl, Secret key) implements ChannelSpec {}

    /** DingTalk (钉钉) custom robot with the signing ("加签") security setting. */
    record DingTalk(String name, String baseUrl, Secret token, Secret secret) implements ChannelSpec {}

    /** Slack incoming webhook; its URL is a secret. */
    record Slack(String name, Secret url) implements ChannelSpec {}

    /**
     * E-mail over SMTP.
     *
     * @param security {@code none}, {@code starttls} (required, port 587) or {@code tls} (implicit, port 465)
     * @param username null for a server that takes mail without AUTH
     */
    record Email(
            String name,
            String host,
            int port,
            String security,
            String username,
            Secret password,
            String from,
            List<String> to)
            implements ChannelSpec {}
}
