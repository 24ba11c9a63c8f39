package io.riskwatch.job;

import io.riskwatch.alert.route.ChannelSpec;
import io.riskwatch.alert.route.RoutingPlan;
import java.net.URI;
import picocli.CommandLine.Option;

/** {@code --webhook URL} and {@code --no-notify}, shared by the commands that run the job. */
public final class NotifyOptions {
    @Option(
            names = "--webhook",
            paramLabel = "URL",
            description = "also POST every alert to this generic JSON webhook (the other channels come from the "
                    + "config file's notify section); with --redis, only alerts Redis did not have yet")
    String webhook;

    @Option(
            names = "--no-notify",
            description = "notify nobody, whatever the config file says (e.g. a replay of history into a test prefix)")
    boolean noNotify;

    /** The config's channels, plus {@code --webhook}, or nothing with {@code --no-notify}. */
    public RoutingPlan plan(RoutingPlan configured) {
        if (noNotify) {
            if (webhook != null) {
                throw new IllegalArgumentException("--webhook and --no-notify contradict each other");
            }
            return RoutingPlan.none();
        }
        if (webhook == null) {
            return configured;
        }
        URI uri;
        try {
            uri = URI.create(webhook);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--webhook is not a URL: " + webhook);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--webhook must be an http:// or https:// URL, got: " + webhook);
        }
        return configured.withCatchAll(new ChannelSpec.Webhook("cli", webhook, null));
    }
}
