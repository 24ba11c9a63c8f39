package io.riskwatch.state;

import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.MS;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.LargeTransferRule;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.RulesUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A published rules version in the client operator: in force for events at or after its effective time (1 ms
 * before: the previous version), all rules at once, and the latest version effective at an event wins.
 */
class LiveRulesVersionTest {
    private static final JobSettings SETTINGS = ConfigLoader.defaults();
    private static final Set<String> LARGE = Set.of(LargeTransferRule.ID);

    private static Event rules(String version, String standardThreshold, Instant effective) throws Exception {
        String text = Files.readString(Path.of("../config/rules.yaml"))
                .replace("version: \"" + SETTINGS.rules().version() + "\"", "version: \"" + version + "\"")
                .replaceFirst("      STANDARD: 500000\n", "      STANDARD: " + standardThreshold + "\n");
        return Event.of(
                EventType.RULES,
                "rules-" + version,
                effective.toEpochMilli(),
                "riskwatch.rules/0@0",
                null,
                new RulesUpdate(version, text, "riskwatch.rules/0@0"));
    }

    private static ClientHarness harness() throws Exception {
        return new ClientHarness(SETTINGS, ClientHarness.clientParts(SETTINGS, LargeTransferRule.DEFINITION), LARGE);
    }

    @Test
    void aVersionAppliesFromItsEffectiveTimeNotOneMillisecondBefore() throws Exception {
        Instant effective = OPEN.plus(MINUTE.multipliedBy(10));
        try (ClientHarness h = harness()) {
            h.send(
                            client("C1", "STANDARD").at(OPEN).build(),
                            rules("v2", "200000", effective),
                            transfer("C1", "IN", "300000")
                                    .id("before")
                                    .at(effective.minus(MS))
                                    .build(),
                            transfer("C1", "IN", "300000")
                                    .id("at")
                                    .at(effective)
                                    .build(),
                            transfer("C1", "IN", "199999.99")
                                    .id("below-v2")
                                    .at(effective.plus(MS))
                                    .build())
                    .end();
            assertThat(h.alerts()).extracting(a -> a.evidence().get(0)).containsExactly("at");
            assertThat(h.alerts().get(0).ruleVersion()).startsWith("v2#");
        }
    }

    @Test
    void theLatestVersionEffectiveAtAnEventWinsWhateverTheArrivalOrder() throws Exception {
        Instant v2At = OPEN.plus(MINUTE.multipliedBy(10));
        Instant v3At = OPEN.plus(MINUTE.multipliedBy(20));
        try (ClientHarness h = harness()) {
            h.send(
                            client("C1", "STANDARD").at(OPEN).build(),
                            rules("v3", "400000", v3At),
                            rules("v2", "200000", v2At),
                            transfer("C1", "IN", "300000")
                                    .id("v1-time")
                                    .at(v2At.minus(MS))
                                    .build(),
                            transfer("C1", "IN", "300000")
                                    .id("v2-time")
                                    .at(v3At.minus(MS))
                                    .build(),
                            transfer("C1", "IN", "300000")
                                    .id("v3-time")
                                    .at(v3At)
                                    .build(),
                            transfer("C1", "IN", "400000")
                                    .id("v3-at-threshold")
                                    .at(v3At.plus(MS))
                                    .build())
                    .end();
            assertThat(h.alerts())
                    .extracting(a -> a.evidence().get(0) + " " + a.ruleVersion().split("#")[0])
                    .containsExactly("v2-time v2", "v3-at-threshold v3");
        }
    }

    @Test
    void withoutPublishedVersionsTheStartupRulesApply() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            client("C1", "STANDARD").at(OPEN).build(),
                            transfer("C1", "IN", "500000")
                                    .id("t")
                                    .at(OPEN.plus(MINUTE))
                                    .build())
                    .end();
            Alert a = h.alerts().get(0);
            assertThat(a.ruleVersion()).startsWith(SETTINGS.rules().version() + "#");
        }
    }
}
