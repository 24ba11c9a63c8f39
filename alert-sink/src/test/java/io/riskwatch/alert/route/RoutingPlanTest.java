package io.riskwatch.alert.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingPlanTest {
    private static ChannelSpec hook(String name) {
        return new ChannelSpec.Webhook(name, "http://127.0.0.1:1/" + name, null);
    }

    private static Map<String, ChannelSpec> channels(String... names) {
        Map<String, ChannelSpec> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, hook(n));
        }
        return m;
    }

    private static Alert alert(String rule, Severity severity, Audience audience, String broker) {
        return new Alert(
                rule + "-1", rule, severity, audience, "C1", broker, null, 0L, "t", "s", List.of("e"), "{}", "v");
    }

    private final RoutingPlan plan = new RoutingPlan(
            channels("risk-high", "risk-all", "cancels", "b7", "brokers"),
            List.of(
                    new Route(Set.of(Audience.RISK), Severity.HIGH, Set.of(), List.of("risk-high")),
                    new Route(Set.of(Audience.RISK), null, Set.of(), List.of("risk-all")),
                    new Route(Set.of(), null, Set.of("FREQUENT_CANCELS"), List.of("cancels", "risk-all"))),
            Map.of("B7", "b7"),
            "brokers",
            20,
            20);

    @Test
    void severityIsAFloorAudienceAndRulesAreSets() {
        assertThat(plan.channelsFor(alert("LARGE_TRANSFER", Severity.MEDIUM, Audience.RISK, null)))
                .containsExactly("risk-all");
        assertThat(plan.channelsFor(alert("LARGE_TRANSFER", Severity.HIGH, Audience.RISK, null)))
                .containsExactly("risk-high", "risk-all");
        assertThat(plan.channelsFor(alert("LARGE_TRANSFER", Severity.CRITICAL, Audience.RISK, null)))
                .containsExactly("risk-high", "risk-all");
        // each channel once, even when two routes name it
        assertThat(plan.channelsFor(alert("FREQUENT_CANCELS", Severity.MEDIUM, Audience.RISK, null)))
                .containsExactly("risk-all", "cancels");
    }

    @Test
    void brokerAlertsGoToTheBrokersOwnChannelElseTheDefault() {
        assertThat(plan.channelsFor(alert("HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, "B7")))
                .containsExactly("b7");
        assertThat(plan.channelsFor(alert("HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, "B8")))
                .containsExactly("brokers");
        assertThat(plan.channelsFor(alert("HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, null)))
                .containsExactly("brokers");
        RoutingPlan noDefault = new RoutingPlan(channels("b7"), List.of(), Map.of("B7", "b7"), null, 20, 20);
        assertThat(noDefault.channelsFor(alert("HOLDING_TURNING_POINT", Severity.MEDIUM, Audience.BROKER, "B8")))
                .isEmpty();
    }

    @Test
    void aCatchAllChannelGetsEverything() {
        RoutingPlan p = RoutingPlan.none().withCatchAll(hook("cli"));
        assertThat(p.channelsFor(alert("X", Severity.LOW, Audience.BROKER, "B1")))
                .containsExactly("cli");
        assertThatThrownBy(() -> plan.withCatchAll(hook("b7"))).hasMessageContaining("already configured");
    }

    @Test
    void undefinedChannelsAreNamed() {
        assertThatThrownBy(() -> new RoutingPlan(
                        channels("a"),
                        List.of(Route.all(List.of("a", "nope"))),
                        Map.of("B1", "gone"),
                        "missing",
                        20,
                        20))
                .hasMessageContaining("routes[0] names channel \"nope\"")
                .hasMessageContaining("broker B1 names channel \"gone\"")
                .hasMessageContaining("broker default names channel \"missing\"");
    }

    @Test
    void secretsNeverShowTheirValue() {
        Secret s = Secret.fromEnv("RISKWATCH_TEST_SURELY_UNSET_VARIABLE");
        assertThat(s.toString()).isEqualTo("env:RISKWATCH_TEST_SURELY_UNSET_VARIABLE");
        assertThatThrownBy(() -> s.resolve("channel x key"))
                .hasMessage("channel x key: environment variable RISKWATCH_TEST_SURELY_UNSET_VARIABLE is not set");
    }
}
