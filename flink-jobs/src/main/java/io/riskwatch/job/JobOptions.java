package io.riskwatch.job;

import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/** What every command that runs the job takes: settings, rules, parallelism. */
public final class JobOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "job settings (riskwatch.yaml); default: the embedded config/riskwatch.yaml")
    Path config;

    @Option(
            names = "--rules-file",
            paramLabel = "FILE",
            description = "rule thresholds (rules.yaml), overriding the one the settings name")
    Path rulesFile;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "parallelism of the keyed operators (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--rules",
            paramLabel = "all|none|RULE,...",
            defaultValue = "all",
            description =
                    "rules to run; 'none' runs parse, validate, order and bookkeeping only (default: ${DEFAULT-VALUE})")
    String rules;

    /** The checked parallelism. */
    public int parallelism() {
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("--parallelism must be between 1 and 256, got " + parallelism);
        }
        return parallelism;
    }

    public Set<String> selectedRules() {
        return RuleCatalog.RULES.select(rules);
    }

    /** The settings file given, or null for the embedded one. */
    public Path configFile() {
        return config;
    }

    /** The rules file given with --rules-file, or null. */
    public Path rulesFile() {
        return rulesFile;
    }

    public JobSettings settings() {
        return ConfigLoader.load(config, rulesFile);
    }
}
