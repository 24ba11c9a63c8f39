package io.riskwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.riskwatch.alert.route.ChannelSpec;
import io.riskwatch.detect.HoldingTurningPointRule;
import io.riskwatch.detect.LargeTransferRule;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.model.Tier;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.RulesConfig;
import io.riskwatch.rule.TierAmounts;
import io.riskwatch.sink.redis.RedisAlertSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theEmbeddedDefaultsAreTheContractsDefaults() {
        JobSettings s = ConfigLoader.defaults();
        assertThat(s.outOfOrdernessMillis()).isEqualTo(5_000);
        assertThat(s.allowedLatenessMillis()).isZero();
        assertThat(s.duplicateWindowMillis()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(s.maxRecordBytes()).isEqualTo(65536);
        assertThat(s.tradingDayZone()).isEqualTo("Asia/Shanghai");
        TierAmounts t = s.rules().settings(LargeTransferRule.DEFINITION).threshold();
        assertThat(t.forTier(Tier.STANDARD)).isEqualByComparingTo("500000");
        assertThat(t.forTier(Tier.HNW)).isEqualByComparingTo("2000000");
        assertThat(t.forTier(Tier.INSTITUTION)).isEqualByComparingTo("5000000");
    }

    @Test
    void withoutItsOwnListTheRunawayGuardExemptsTheRulesThatBurstByDesign() throws IOException {
        Path settings = write("riskwatch.yaml", "alerts:\n  runawayGuard:\n    factor: 20\n");
        JobSettings s = ConfigLoader.load(settings, Path.of("../config/rules.yaml"));
        assertThat(s.runawayGuard().factor()).isEqualTo(20);
        assertThat(s.runawayGuard().exempt()).containsExactly(HoldingTurningPointRule.ID);
        assertThat(ConfigLoader.defaults().runawayGuard().exempt()).containsExactly(HoldingTurningPointRule.ID);
    }

    @Test
    void theRepoConfigFolderLoadsAndMatchesTheEmbeddedCopy() {
        JobSettings repo = ConfigLoader.load(Path.of("../config/riskwatch.yaml"), null);
        assertThat(repo.rules()).isEqualTo(ConfigLoader.defaults().rules());
        JobSettings lowLatency = ConfigLoader.load(Path.of("../config/low-latency.yaml"), null);
        assertThat(lowLatency.rules()).isEqualTo(ConfigLoader.defaults().rules());
        assertThat(lowLatency.outOfOrdernessMillis()).isEqualTo(20);
        assertThat(lowLatency.liveIdlenessMillis()).isEqualTo(10);
        assertThat(lowLatency.idlenessMillis())
                .isEqualTo(ConfigLoader.defaults().idlenessMillis());
        assertThat(ConfigLoader.defaults().liveIdlenessMillis())
                .as("off by default")
                .isZero();
        assertThat(ConfigLoader.defaults().quietFlushMillis())
                .as("off by default")
                .isZero();
        assertThat(lowLatency.kafka().bufferTimeoutMillis()).isZero();
        assertThat(lowLatency.kafka().topics())
                .isEqualTo(ConfigLoader.defaults().kafka().topics());
    }

    @Test
    void aWrongTypeNamesFilePathExpectedAndFound() throws IOException {
        Path rules = write("rules.yaml", """
                version: "x"
                rules:
                  LARGE_TRANSFER:
                    threshold: {STANDARD: 500000, HNW: "lots", INSTITUTION: 5000000}
                """);
        assertThatThrownBy(() -> ConfigLoader.loadRules(rules))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(rules.toString())
                .hasMessageContaining("$.rules.LARGE_TRANSFER.threshold.HNW")
                .hasMessageContaining("string found, number expected");
    }

    @Test
    void aMissingTierAZeroThresholdAndATypoAreAllReported() throws IOException {
        Path rules = write("rules.yaml", """
                version: "x"
                rules:
                  LARGE_TRANSFER:
                    enabeld: true
                    threshold: {STANDARD: 0, HNW: 2000000}
                """);
        assertThatThrownBy(() -> ConfigLoader.loadRules(rules))
                .hasMessageContaining("INSTITUTION")
                .hasMessageContaining("$.rules.LARGE_TRANSFER.threshold.STANDARD")
                .hasMessageContaining("enabeld");
    }

    @Test
    void everyRuleMustBeConfiguredSoABacktestFileSaysWhatItRuns() throws IOException {
        Path rules = write("rules.yaml", """
                version: "x"
                rules:
                  LARGE_TRANSFER:
                    threshold: {STANDARD: 1, HNW: 2, INSTITUTION: 3}
                """);
        assertThatThrownBy(() -> ConfigLoader.loadRules(rules))
                .hasMessageContaining("required property 'STRUCTURING' not found");
    }

    @Test
    void aSectionThatLeavesSettingsOutGetsTheDefaultsOfItsDefinition() throws IOException {
        StringBuilder text = new StringBuilder("version: \"sparse\"\nrules:\n");
        for (RuleDefinition<?> rule : RuleCatalog.RULES.definitions()) {
            text.append("  ").append(rule.id()).append(": {}\n");
        }
        RulesConfig sparse = ConfigLoader.loadRules(write("rules.yaml", text.toString()));
        RulesConfig full = ConfigLoader.defaults().rules();
        for (RuleDefinition<?> rule : RuleCatalog.RULES.definitions()) {
            assertThat(sparse.of(rule).enabled()).isTrue();
            assertThat(sparse.settings(rule))
                    .as(rule.id() + ": the definition's defaults are config/rules.yaml's")
                    .isEqualTo(full.settings(rule));
        }
        Path partial = write(
                "partial.yaml",
                text.toString()
                        .replace(
                                "  LARGE_TRANSFER: {}",
                                "  LARGE_TRANSFER: {enabled: false, threshold:"
                                        + " {STANDARD: 1, HNW: 2, INSTITUTION: 3}}"));
        RulesConfig p = ConfigLoader.loadRules(partial);
        assertThat(p.of(LargeTransferRule.DEFINITION).enabled()).isFalse();
        assertThat(p.settings(LargeTransferRule.DEFINITION).threshold().forTier(Tier.HNW))
                .isEqualByComparingTo("2");
    }

    @Test
    void theRulesSchemaAndEveryRuleIdEnumComeFromTheCatalog() throws IOException {
        List<String> ids = List.copyOf(RuleCatalog.RULES.ids());
        JsonNode rules =
                ConfigLoader.schemaNode("rules.schema.json").path("properties").path("rules");
        List<String> required = new ArrayList<>();
        rules.path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).isEqualTo(ids);
        assertThat(rules.path("properties").fieldNames()).toIterable().containsExactlyElementsOf(ids);
        List<String> ruleIds = new ArrayList<>();
        ConfigLoader.schemaNode("riskwatch.schema.json")
                .path("$defs")
                .path("ruleId")
                .path("enum")
                .forEach(n -> ruleIds.add(n.asText()));
        List<String> expected = new ArrayList<>(ids);
        expected.add("RUNAWAY_RULE");
        assertThat(ruleIds).isEqualTo(expected);
        for (String schema : List.of("rules.schema.json", "riskwatch.schema.json")) {
            try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("schema/" + schema)) {
                String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(ids).as("no rule id is written by hand in " + schema).noneMatch(raw::contains);
            }
        }
    }

    @Test
    void brokenYamlNamesTheLine() throws IOException {
        Path rules = write("rules.yaml", "version: \"x\"\nrules:\n  LARGE_TRANSFER: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.loadRules(rules)).hasMessageContaining("not valid YAML at line");
    }

    @Test
    void settingsPointToTheirRulesFileAndDurationsAreChecked() throws IOException {
        write(
                "my-rules.yaml",
                Files.readString(Path.of("../config/rules.yaml"))
                        .replace("version: \"2026.11.21-1\"", "version: \"custom-1\""));
        Path settings = write("riskwatch.yaml", "rulesFile: my-rules.yaml\ntime:\n  outOfOrderness: 2s\n");
        JobSettings s = ConfigLoader.load(settings, null);
        assertThat(s.rules().version()).isEqualTo("custom-1");
        assertThat(s.outOfOrdernessMillis()).isEqualTo(2_000);

        Path bad = write("bad.yaml", "time:\n  outOfOrderness: five seconds\n  tradingDayZone: Asia/Shanghai\n");
        assertThatThrownBy(() -> ConfigLoader.load(bad, null))
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("$.time.outOfOrderness");
        Path zone = write("zone.yaml", "time:\n  tradingDayZone: Mars/Olympus\n");
        assertThatThrownBy(() -> ConfigLoader.load(zone, null)).hasMessageContaining("$.time.tradingDayZone");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.yaml"), null))
                .hasMessageContaining("no such file");
    }

    @Test
    void theNotifySectionBecomesARoutingPlanWithSecretsByReference() throws IOException {
        Path rules = Path.of("../config/rules.yaml").toAbsolutePath();
        Path settings = write("riskwatch.yaml", """
                rulesFile: %s
                alerts:
                  cooldown: {FREQUENT_CANCELS: 4h}
                notify:
                  messagesPerMinute: 10
                  channels:
                    risk-wecom: {type: wecom, key: {env: RW_WECOM_KEY}}
                    risk-mail: {type: email, host: smtp.example.com, security: tls, username: rw,
                                password: {file: /run/secrets/smtp}, from: rw@example.com, to: [desk@example.com]}
                    b7: {type: dingtalk, token: {env: T}, secret: {env: S}}
                  routes:
                    - {audience: [RISK], minSeverity: HIGH, channels: [risk-wecom, risk-mail]}
                  brokers:
                    channels: {B007: b7}
                """.formatted(rules));
        JobSettings s = ConfigLoader.load(settings, null);
        assertThat(s.cooldownMillis()).containsExactly(Map.entry("FREQUENT_CANCELS", 4L * 3600 * 1000));
        var plan = s.routing();
        assertThat(plan.messagesPerMinute()).isEqualTo(10);
        assertThat(plan.channels()).containsOnlyKeys("risk-wecom", "risk-mail", "b7");
        var mail = (ChannelSpec.Email) plan.channels().get("risk-mail");
        assertThat(mail.port()).isEqualTo(465); // implicit TLS default
        assertThat(mail.password().toString()).isEqualTo("file:/run/secrets/smtp");
        assertThat(plan.brokerChannels()).containsEntry("B007", "b7");
        assertThat(ConfigLoader.defaults().routing().isEmpty()).isTrue();
        assertThat(ConfigLoader.defaults().cooldownMillis()).isEmpty();
    }

    @Test
    void notifyMistakesAreNamed() throws IOException {
        Path rules = Path.of("../config/rules.yaml").toAbsolutePath();
        Path missingKey = write("a.yaml", """
                rulesFile: %s
                notify:
                  channels:
                    w: {type: wecom}
                """.formatted(rules));
        assertThatThrownBy(() -> ConfigLoader.load(missingKey, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.notify.channels.w")
                .hasMessageContaining("key");
        Path secretInline = write("b.yaml", """
                rulesFile: %s
                notify:
                  channels:
                    w: {type: wecom, key: "693a91f6-7xxx"}
                """.formatted(rules));
        assertThatThrownBy(() -> ConfigLoader.load(secretInline, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.notify.channels.w.key")
                .hasMessageNotContaining("693a91f6");
        Path undefined = write("c.yaml", """
                rulesFile: %s
                notify:
                  channels:
                    w: {type: webhook, url: "http://127.0.0.1:9/x"}
                  routes:
                    - {channels: [w, nope]}
                alerts:
                  cooldown: {NOT_A_RULE: 1h}
                """.formatted(rules));
        assertThatThrownBy(() -> ConfigLoader.load(undefined, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("NOT_A_RULE");
        Path undefinedOnly = write("d.yaml", """
                rulesFile: %s
                notify:
                  channels:
                    w: {type: webhook, url: "http://127.0.0.1:9/x"}
                  routes:
                    - {channels: [w, nope]}
                """.formatted(rules));
        assertThatThrownBy(() -> ConfigLoader.load(undefinedOnly, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.notify: routes[0] names channel \"nope\", which is not defined");
    }

    @Test
    void liveLatencySettingsHaveLowDefaultsAndAZeroWatermarkIntervalIsNamed() throws IOException {
        KafkaSettings defaults = ConfigLoader.defaults().kafka();
        assertThat(defaults.watermarkIntervalMillis()).isEqualTo(10);
        assertThat(defaults.bufferTimeoutMillis()).isEqualTo(5);
        assertThat(ConfigLoader.defaults().redisLingerMillis()).isEqualTo(1);
        // config may not depend on the sink (LayeringTest), so the default is written twice: they must agree
        assertThat(ConfigLoader.defaults().redisLingerMillis()).isEqualTo(RedisAlertSink.DEFAULT_LINGER.toMillis());
        Path rules = Path.of("../config/rules.yaml").toAbsolutePath();
        Path tuned = write("t.yaml", """
                rulesFile: %s
                kafka: {watermarkInterval: 50ms, bufferTimeout: 0ms}
                redis: {linger: 20ms}
                """.formatted(rules));
        JobSettings settings = ConfigLoader.load(tuned, null);
        KafkaSettings k = settings.kafka();
        assertThat(k.watermarkIntervalMillis()).isEqualTo(50);
        assertThat(k.bufferTimeoutMillis()).isZero();
        assertThat(settings.redisLingerMillis()).isEqualTo(20);
        Path zero = write("z.yaml", """
                rulesFile: %s
                kafka: {watermarkInterval: 0ms}
                """.formatted(rules));
        assertThatThrownBy(() -> ConfigLoader.load(zero, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.kafka.watermarkInterval: must be more than 0 (got 0ms)");
    }
}
