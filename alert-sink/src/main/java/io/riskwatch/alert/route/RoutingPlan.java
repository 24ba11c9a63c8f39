package io.riskwatch.alert.route;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which channels an alert goes to: every matching {@link Route}, and for a BROKER-audience alert also its
 * broker's own channel ({@code brokerChannels}), or {@code brokerDefault} when the broker has none.
 *
 * @param messagesPerMinute per channel; the robots allow about 20 (alerts beyond it are batched, not dropped)
 * @param maxBatch the most alerts in one message
 */
public record RoutingPlan(
        Map<String, ChannelSpec> channels,
        List<Route> routes,
        Map<String, String> brokerChannels,
        String brokerDefault,
        int messagesPerMinute,
        int maxBatch)
        implements Serializable {

    public RoutingPlan {
        channels = new TreeMap<>(channels);
        routes = List.copyOf(routes);
        brokerChannels = new TreeMap<>(brokerChannels);
        if (messagesPerMinute < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("messagesPerMinute and maxBatch must be at least 1");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            for (String c : routes.get(i).channels()) {
                if (!channels.containsKey(c)) {
                    problems.add("routes[" + i + "] names channel \"" + c + "\", which is not defined");
                }
            }
        }
        for (Map.Entry<String, String> e : brokerChannels.entrySet()) {
            if (!channels.containsKey(e.getValue())) {
                problems.add("broker " + e.getKey() + " names channel \"" + e.getValue() + "\", which is not defined");
            }
        }
        if (brokerDefault != null && !channels.containsKey(brokerDefault)) {
            problems.add("the broker default names channel \"" + brokerDefault + "\", which is not defined");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** No channels: nothing is notified. */
    public static RoutingPlan none() {
        return new RoutingPlan(Map.of(), List.of(), Map.of(), null, 20, 20);
    }

    public boolean isEmpty() {
        return channels.isEmpty();
    }

    /** This plan plus one channel that receives every alert (e.g. {@code --webhook URL}). */
    public RoutingPlan withCatchAll(ChannelSpec channel) {
        if (channels.containsKey(channel.name())) {
            throw new IllegalArgumentException("a channel named " + channel.name() + " is already configured");
        }
        Map<String, ChannelSpec> c = new LinkedHashMap<>(channels);
        c.put(channel.name(), channel);
        List<Route> r = new ArrayList<>(routes);
        r.add(Route.all(List.of(channel.name())));
        return new RoutingPlan(c, r, brokerChannels, brokerDefault, messagesPerMinute, maxBatch);
    }

    /** The channel names this alert goes to, each once, in a stable order. */
    public Set<String> channelsFor(Alert a) {
        Set<String> out = new LinkedHashSet<>();
        if (a.audience() == Audience.BROKER) {
            String own = a.brokerId() == null ? null : brokerChannels.get(a.brokerId());
            if (own != null) {
                out.add(own);
            } else if (brokerDefault != null) {
                out.add(brokerDefault);
            }
        }
        for (Route r : routes) {
            if (r.matches(a)) {
                out.addAll(r.channels());
            }
        }
        return out;
    }
}
