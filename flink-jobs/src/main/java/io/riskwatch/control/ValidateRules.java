package io.riskwatch.control;

import io.riskwatch.config.ConfigException;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.model.Event;
import io.riskwatch.model.EventType;
import io.riskwatch.model.RulesUpdate;
import io.riskwatch.rule.RulesConfig;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each published rules file (schema, values, version) once, on one instance (keyed by a constant), and
 * passes a valid new version on as a {@link EventType#RULES} event at its effective time. An invalid file is
 * rejected with the reason and changes nothing: the rules in force stay. Every outcome goes to
 * {@link #STATUS} (log line, counters {@code rulesAccepted}/{@code rulesRejected}, the rules-status key).
 *
 * <p>A version label names one set of settings: publishing the same version with the same settings again is
 * {@code UNCHANGED}, with other settings it is rejected (give new settings a new version).
 */
public final class ValidateRules extends KeyedProcessFunction<String, RulesSubmission, Event> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ValidateRules.class);
    public static final OutputTag<RulesStatus> STATUS =
            new OutputTag<>("rules-status", TypeInformation.of(RulesStatus.class));

    private final RulesConfig startup;
    private transient MapState<String, String> versions;
    private transient Counter accepted;
    private transient Counter rejected;
    private transient volatile long lastAcceptedEffective;
    private transient volatile String latest;
    private transient MetricGroup metrics;

    /** @param startup the rules the job started with (their version counts as published) */
    public ValidateRules(RulesConfig startup) {
        this.startup = startup;
    }

    /** Key of the single instance. */
    public static String key(RulesSubmission s) {
        return "rules";
    }

    @Override
    public void open(OpenContext openContext) {
        versions =
                getRuntimeContext().getMapState(new MapStateDescriptor<>("rules-versions", Types.STRING, Types.STRING));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        accepted = metrics.counter("rulesAccepted");
        rejected = metrics.counter("rulesRejected");
        metrics.gauge("rulesEffectiveSince", () -> lastAcceptedEffective);
        this.metrics = metrics;
        latest = startup.version();
        versionGauge(startup.version());
    }

    /** {@code rulesVersion{version="..."}}: 1 for the latest accepted version, 0 for the earlier ones. */
    private void versionGauge(String version) {
        metrics.addGroup("version", version).gauge("rulesVersion", () -> version.equals(latest) ? 1 : 0);
    }

    @Override
    public void processElement(RulesSubmission s, Context ctx, Collector<Event> out) throws Exception {
        if (s.problem() != null) {
            reject(ctx, null, s, s.problem());
            return;
        }
        RulesConfig config;
        try {
            config = ConfigLoader.parseRules(s.text(), s.source());
        } catch (ConfigException e) {
            reject(ctx, ConfigLoader.peekVersion(s.text()), s, e.getMessage());
            return;
        }
        String version = config.version();
        String fingerprint = fingerprint(config);
        String known = version.equals(startup.version()) ? fingerprint(startup) : versions.get(version);
        if (known != null) {
            if (known.equals(fingerprint)) {
                LOG.info(
                        "rules version {} from {} published again with the same settings: nothing to do",
                        version,
                        s.source());
                ctx.output(
                        STATUS, new RulesStatus(RulesStatus.UNCHANGED, version, s.effectiveMillis(), s.source(), null));
            } else {
                reject(
                        ctx,
                        version,
                        s,
                        "version " + version + " was already published with other settings; "
                                + "publish changed settings under a new version");
            }
            return;
        }
        versions.put(version, fingerprint);
        String restart = restartOnly(config);
        LOG.info(
                "rules version {} from {} accepted, in force from {}{}",
                version,
                s.source(),
                Instant.ofEpochMilli(s.effectiveMillis()),
                restart == null ? "" : "; " + restart);
        accepted.inc();
        lastAcceptedEffective = s.effectiveMillis();
        latest = version;
        versionGauge(version);
        out.collect(Event.of(
                EventType.RULES,
                "rules-" + version,
                s.effectiveMillis(),
                s.source(),
                null,
                new RulesUpdate(version, s.text(), s.source())));
        ctx.output(STATUS, new RulesStatus(RulesStatus.ACCEPTED, version, s.effectiveMillis(), s.source(), restart));
    }

    private void reject(Context ctx, String version, RulesSubmission s, String reason) {
        LOG.warn(
                "rules {} from {} rejected, the rules in force stay: {}",
                version == null ? "file" : "version " + version,
                s.source(),
                reason);
        rejected.inc();
        ctx.output(STATUS, new RulesStatus(RulesStatus.REJECTED, version, s.effectiveMillis(), s.source(), reason));
    }

    /** Every rule's settings (their per-rule versions hash the settings). */
    static String fingerprint(RulesConfig c) {
        return c.toString();
    }

    /**
     * The rules whose change a running job cannot apply (their sequence or symbol part is built at start, see
     * {@code RuleDefinition.builtAtStart}): named when they differ from the startup rules, else null.
     */
    private String restartOnly(RulesConfig c) {
        List<String> changed = RuleCatalog.RULES.needRestart(startup, c, RuleCatalog.RULES.ids());
        return changed.isEmpty()
                ? null
                : "these settings apply only after a restart (stop with savepoint, start with the new file): "
                        + String.join(", ", changed);
    }
}
