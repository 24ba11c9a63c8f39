package io.riskwatch.detect;

import static io.riskwatch.testing.TestEvents.MINUTE;
import static io.riskwatch.testing.TestEvents.OPEN;
import static io.riskwatch.testing.TestEvents.client;
import static io.riskwatch.testing.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.AlertJson;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.model.Event;
import io.riskwatch.rule.RuleConfig;
import io.riskwatch.rule.RuleEnvironment;
import io.riskwatch.rule.RulesConfig;
import io.riskwatch.state.ClientHarness;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LARGE_TRANSFER at threshold - 0.01, threshold and threshold + 0.01 for every tier, and a tier change. */
class LargeTransferRuleTest {
    private static final RulesConfig RULES = ConfigLoader.defaults().rules();

    private static ClientHarness harness() throws Exception {
        return ClientHarness.of(LargeTransferRule.DEFINITION);
    }

    @ParameterizedTest(name = "{0}: threshold {1}")
    @CsvSource({"STANDARD, 500000", "HNW, 2000000", "INSTITUTION, 5000000"})
    void firesAtAndAboveTheTiersThresholdNotOneCentBelow(String tier, String threshold) throws Exception {
        BigDecimal t = new BigDecimal(threshold);
        BigDecimal cent = new BigDecimal("0.01");
        try (ClientHarness h = harness()) {
            h.send(
                            client("C1", tier).at(OPEN).build(),
                            transfer("C1", "IN", t.subtract(cent).toPlainString())
                                    .id("below")
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            transfer("C1", "OUT", t.toPlainString())
                                    .id("at")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build(),
                            transfer("C1", "IN", t.add(cent).toPlainString())
                                    .id("above")
                                    .at(OPEN.plus(MINUTE.multipliedBy(3)))
                                    .build())
                    .end();
            List<Alert> alerts = h.alerts();
            assertThat(alerts).extracting(a -> a.evidence().get(0)).containsExactly("at", "above");
            Alert at = alerts.get(0);
            assertThat(at.rule()).isEqualTo("LARGE_TRANSFER");
            assertThat(at.severity()).isEqualTo(Severity.HIGH);
            assertThat(at.audience()).isEqualTo(Audience.RISK);
            assertThat(at.clientId()).isEqualTo("C1");
            assertThat(at.metricsJson())
                    .contains(
                            "\"threshold\":" + t.setScale(2).toPlainString(),
                            "\"tier\":\"" + tier + "\"",
                            "\"direction\":\"OUT\"");
            assertThat(at.ruleVersion()).startsWith(RULES.version() + "#");
        }
    }

    @Test
    void theBankAccountAppearsOnlyMaskedToItsLastFourDigits() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(
                            transfer("C9", "OUT", "600000")
                                    .with("bankAccount", "6222 0202 0011 2233 445")
                                    .id("t")
                                    .build(),
                            transfer("C9", "OUT", "600000")
                                    .id("no-account")
                                    .at(OPEN.plus(MINUTE))
                                    .build())
                    .end();
            assertThat(h.alerts()).hasSize(2);
            String withAccount = AlertJson.toJson(h.alerts().get(0));
            assertThat(withAccount).contains("\"bankAccount\":\"****3445\"").doesNotContain("0011", "6222");
            assertThat(h.alerts().get(1).metricsJson()).doesNotContain("bankAccount");
        }
    }

    @Test
    void withoutAClientRecordTheStandardThresholdApplies() throws Exception {
        try (ClientHarness h = harness()) {
            h.send(transfer("C9", "IN", "500000").id("t").build()).end();
            assertThat(h.alerts()).singleElement().satisfies(a -> {
                assertThat(a.metricsJson()).contains("\"tier\":\"STANDARD\"");
                assertThat(a.brokerId()).isNull();
            });
        }
    }

    @Test
    void usesTheTierInForceAtEachTransfer() throws Exception {
        try (ClientHarness h = harness()) {
            // 1,000,000 is large for STANDARD, not for HNW; the upgrade lands between the two transfers.
            h.send(
                            transfer("C1", "IN", "1000000")
                                    .id("before")
                                    .at(OPEN)
                                    .build(),
                            transfer("C1", "IN", "1000000")
                                    .id("after")
                                    .at(OPEN.plus(MINUTE.multipliedBy(2)))
                                    .build(),
                            client("C1", "HNW")
                                    .with("brokerId", "B7")
                                    .at(OPEN.plus(MINUTE))
                                    .build(),
                            // a record at the very same ts as a transfer applies first (client ranks before transfer)
                            // its eventId sorts after the transfer's: only the type rank puts it first
                            client("C1", "STANDARD")
                                    .id("zz-downgrade")
                                    .at(OPEN.plus(MINUTE.multipliedBy(3)))
                                    .build(),
                            transfer("C1", "IN", "1000000")
                                    .id("same-ts")
                                    .at(OPEN.plus(MINUTE.multipliedBy(3)))
                                    .build())
                    .end();
            assertThat(h.alerts()).extracting(a -> a.evidence().get(0)).containsExactly("before", "same-ts");
        }
    }

    @Test
    void theAlertIsTheContractsJsonWithADeterministicId() throws Exception {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (ClientHarness h = harness()) {
                Event e = transfer("C000123", "OUT", "800000")
                        .id("t-000981")
                        .with("ts", "2026-11-20T09:31:02.120+08:00")
                        .build();
                h.send(
                                client("C000123", null)
                                        .with("brokerId", "B007")
                                        .at(OPEN.minus(MINUTE))
                                        .build(),
                                e)
                        .end();
                runs.add(AlertJson.toJson(h.alerts().get(0)));
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        assertThat(runs.get(0))
                .startsWith("{\"alertId\":\"LARGE_TRANSFER-")
                .contains("\"rule\":\"LARGE_TRANSFER\",\"severity\":\"HIGH\",\"audience\":\"RISK\","
                        + "\"clientId\":\"C000123\",\"brokerId\":\"B007\",\"symbol\":null,"
                        + "\"ts\":\"2026-11-20T09:31:02.120+08:00\","
                        + "\"summary\":\"Transfer OUT 800,000.00 CNY >= 500,000.00 (STANDARD)\","
                        + "\"evidence\":[\"t-000981\"],\"metrics\":{\"amount\":800000.00,\"threshold\":500000.00");
    }

    @Test
    void aDisabledRuleIsNotRun() {
        var rules = new LinkedHashMap<>(RULES.rules());
        rules.put(LargeTransferRule.ID, new RuleConfig<>(false, "v", RULES.settings(LargeTransferRule.DEFINITION)));
        var off = new RulesConfig(RULES.version(), rules);
        var env = new RuleEnvironment("Asia/Shanghai");
        assertThat(RuleCatalog.RULES.clientRules(off, Set.of("LARGE_TRANSFER"), env))
                .isEmpty();
        assertThat(RuleCatalog.RULES.clientRules(RULES, RuleCatalog.RULES.select("none"), env))
                .isEmpty();
        assertThat(RuleCatalog.RULES.clientRules(RULES, RuleCatalog.RULES.select("LARGE_TRANSFER"), env))
                .hasSize(1);
    }
}
