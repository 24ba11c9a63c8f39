package io.riskwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riskwatch.model.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        TierAmounts t = s.rules().largeTransfer().threshold();
        assertThat(t.forTier(Tier.STANDARD)).isEqualByComparingTo("500000");
        assertThat(t.forTier(Tier.HNW)).isEqualByComparingTo("2000000");
        assertThat(t.forTier(Tier.INSTITUTION)).isEqualByComparingTo("5000000");
    }

    @Test
    void theRepoConfigFolderLoadsAndMatchesTheEmbeddedCopy() {
        JobSettings repo = ConfigLoader.load(Path.of("../config/riskwatch.yaml"), null);
        assertThat(repo.rules()).isEqualTo(ConfigLoader.defaults().rules());
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
    void brokenYamlNamesTheLine() throws IOException {
        Path rules = write("rules.yaml", "version: \"x\"\nrules:\n  LARGE_TRANSFER: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.loadRules(rules)).hasMessageContaining("not valid YAML at line");
    }

    @Test
    void settingsPointToTheirRulesFileAndDurationsAreChecked() throws IOException {
        write("my-rules.yaml", Files.readString(Path.of("../config/rules.yaml"))
                .replace("version: \"2026.11.21-1\"", "version: \"custom-1\""));
        Path settings = write("riskwatch.yaml", "rulesFile: my-rules.yaml\ntime:\n  outOfOrderness: 2s\n");
        JobSettings s = ConfigLoader.load(settings, null);
        assertThat(s.rules().version()).isEqualTo("custom-1");
        assertThat(s.outOfOrdernessMillis()).isEqualTo(2_000);

        Path bad = write("bad.yaml", "time:\n  outOfOrderness: five seconds\n  tradingDayZone: Asia/Shanghai\n");
        assertThatThrownBy(() -> ConfigLoader.load(bad, null))
                .hasMessageContaining("bad.yaml").hasMessageContaining("$.time.outOfOrderness");
        Path zone = write("zone.yaml", "time:\n  tradingDayZone: Mars/Olympus\n");
        assertThatThrownBy(() -> ConfigLoader.load(zone, null)).hasMessageContaining("$.time.tradingDayZone");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.yaml"), null)).hasMessageContaining("no such file");
    }
}
