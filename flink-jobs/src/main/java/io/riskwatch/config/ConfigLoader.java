package io.riskwatch.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import io.riskwatch.alert.route.ChannelSpec;
import io.riskwatch.alert.route.Route;
import io.riskwatch.alert.route.RoutingPlan;
import io.riskwatch.alert.route.Secret;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.rule.RuleConfig;
import io.riskwatch.rule.RuleDefinition;
import io.riskwatch.rule.RuleEnvironment;
import io.riskwatch.rule.RulesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.util.TimeUtils;

/**
 * Loads the job settings and the rules file, validates both against their JSON Schemas, and turns them into
 * typed, serializable settings. Without a file, the defaults embedded in the jar (the repo's {@code config/})
 * are used. Every failure is a {@link ConfigException} naming the file, the path in it, and what was
 * expected versus found.
 */
public final class ConfigLoader {
    public static final String EMBEDDED_SETTINGS = "riskwatch-defaults/riskwatch.yaml";
    public static final String EMBEDDED_RULES = "riskwatch-defaults/rules.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    /** Writes a definition's defaults as the YAML a file would hold (500000, not 5E+5). */
    private static final ObjectMapper DEFAULTS = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ConfigLoader() {}

    /** The embedded defaults: what runs when no file is given. */
    public static JobSettings defaults() {
        return load(null, null);
    }

    /**
     * @param settingsFile {@code riskwatch.yaml}, or null for the embedded one
     * @param rulesFile a rules file overriding the one the settings name, or null
     */
    public static JobSettings load(Path settingsFile, Path rulesFile) {
        String settingsName = settingsFile == null ? "(embedded) " + EMBEDDED_SETTINGS : settingsFile.toString();
        JsonNode settings = validated(
                readYaml(settingsFile, EMBEDDED_SETTINGS, settingsName), "riskwatch.schema.json", settingsName);

        String rulesName;
        JsonNode rulesNode;
        if (rulesFile != null) {
            rulesName = rulesFile.toString();
            rulesNode = readYaml(rulesFile, null, rulesName);
        } else if (settingsFile != null && settings.hasNonNull("rulesFile")) {
            Path base = settingsFile.toAbsolutePath().getParent();
            Path named = base.resolve(settings.get("rulesFile").asText());
            rulesName = named.toString();
            rulesNode = readYaml(named, null, rulesName);
        } else {
            rulesName = "(embedded) " + EMBEDDED_RULES;
            rulesNode = readYaml(null, EMBEDDED_RULES, rulesName);
        }
        RulesConfig rules = rules(validated(rulesNode, "rules.schema.json", rulesName));

        JsonNode time = settings.path("time");
        String zone = time.path("tradingDayZone").asText("Asia/Shanghai");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigException(settingsName + ": $.time.tradingDayZone: expected a time zone id such as "
                    + "Asia/Shanghai, found \"" + zone + "\"");
        }
        List<String> session = time.has("continuousSession")
                ? exempt(time.get("continuousSession"))
                : RuleEnvironment.CONTINUOUS_SESSION;
        for (String range : session) {
            try {
                RuleEnvironment.bounds(range);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(settingsName + ": $.time.continuousSession: " + e.getMessage());
            }
        }
        return new JobSettings(
                millis(time, "outOfOrderness", "5s"),
                millis(time, "allowedLateness", "0s"),
                millis(time, "idleness", "30s"),
                millis(time, "liveIdleness", "0s"),
                millis(time, "quietFlush", "0s"),
                millis(time, "maxFuture", "1h"),
                zone,
                session,
                millis(time, "duplicateWindow", "7d"),
                settings.path("input").path("maxRecordBytes").asInt(65536),
                rulesName,
                rules,
                cooldowns(settings.path("alerts").path("cooldown")),
                routing(settings.path("notify"), settingsName),
                millis(settings.path("notify"), "timeout", "10s"),
                settings.path("redis").path("streamMaxLen").asLong(1_000_000),
                millis(settings.path("redis"), "timeout", "10s"),
                // RedisAlertSink.DEFAULT_LINGER, written here as config may not use the sink (ConfigLoaderTest)
                millis(settings.path("redis"), "linger", "1ms"),
                millis(settings.path("redis"), "retryFor", "60s"),
                kafka(settings.path("kafka"), settings.path("checkpoint"), settingsName),
                runawayGuard(settings.path("alerts").path("runawayGuard"), settingsName));
    }

    /** The texts of a YAML list. */
    private static List<String> exempt(JsonNode list) {
        List<String> rules = new ArrayList<>();
        list.forEach(r -> rules.add(r.asText()));
        return rules;
    }

    private static RunawayGuardSettings runawayGuard(JsonNode g, String fileName) {
        RunawayGuardSettings d = RunawayGuardSettings.defaults(RuleCatalog.RULES.burstsByDesign());
        try {
            return new RunawayGuardSettings(
                    g.path("enabled").asBoolean(d.enabled()),
                    g.hasNonNull("window") ? duration(g.get("window")) : d.windowMillis(),
                    g.hasNonNull("baseline") ? duration(g.get("baseline")) : d.baselineMillis(),
                    g.path("factor").asDouble(d.factor()),
                    g.path("minAlerts").asInt(d.minAlerts()),
                    g.has("exempt") ? exempt(g.get("exempt")) : d.exempt());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(fileName + ": $.alerts.runawayGuard: " + e.getMessage());
        }
    }

    private static KafkaSettings kafka(JsonNode k, JsonNode checkpoint, String fileName) {
        long watermarkInterval = millis(k, "watermarkInterval", KafkaSettings.DEFAULT_WATERMARK_INTERVAL_MILLIS + "ms");
        if (watermarkInterval <= 0) {
            throw new ConfigException(fileName + ": $.kafka.watermarkInterval: must be more than 0 (got "
                    + k.get("watermarkInterval").asText() + ")");
        }
        JsonNode t = k.path("topics");
        Map<String, String> props = new TreeMap<>();
        k.path("properties")
                .fields()
                .forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        return new KafkaSettings(
                k.path("bootstrapServers").asText("127.0.0.1:9092"),
                k.path("groupId").asText("riskwatch"),
                List.of(
                        t.path("funds").asText("riskwatch.funds"),
                                t.path("orders").asText("riskwatch.orders"),
                        t.path("quotes").asText("riskwatch.quotes"),
                                t.path("reference").asText("riskwatch.reference")),
                t.path("deadLetters").asText("riskwatch.dead-letters"),
                t.path("alerts").asText("riskwatch.alerts"),
                k.path("alertsTopic").asBoolean(false),
                t.path("rules").asText("riskwatch.rules").isBlank()
                        ? null
                        : t.path("rules").asText("riskwatch.rules"),
                props,
                millis(checkpoint, "interval", "10s"),
                checkpoint.hasNonNull("dir") ? checkpoint.get("dir").asText() : null,
                checkpoint.path("stateBackend").asText(KafkaSettings.HASHMAP),
                watermarkInterval,
                millis(k, "bufferTimeout", KafkaSettings.DEFAULT_BUFFER_TIMEOUT_MILLIS + "ms"));
    }

    private static Map<String, Long> cooldowns(JsonNode node) {
        Map<String, Long> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), duration(e.getValue())));
        return out;
    }

    /** The {@code notify} section as a routing plan (schema-checked already; names checked here). */
    private static RoutingPlan routing(JsonNode n, String fileName) {
        Map<String, ChannelSpec> channels = new LinkedHashMap<>();
        n.path("channels").fields().forEachRemaining(e -> channels.put(e.getKey(), channel(e.getKey(), e.getValue())));
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : n.path("routes")) {
            Set<Audience> audiences = EnumSet.noneOf(Audience.class);
            r.path("audience").forEach(a -> audiences.add(Audience.valueOf(a.asText())));
            Set<String> rules = new TreeSet<>();
            r.path("rules").forEach(x -> rules.add(x.asText()));
            List<String> to = new ArrayList<>();
            r.path("channels").forEach(x -> to.add(x.asText()));
            routes.add(new Route(
                    audiences,
                    r.hasNonNull("minSeverity")
                            ? Severity.valueOf(r.get("minSeverity").asText())
                            : null,
                    rules,
                    to));
        }
        Map<String, String> brokers = new TreeMap<>();
        n.path("brokers")
                .path("channels")
                .fields()
                .forEachRemaining(e -> brokers.put(e.getKey(), e.getValue().asText()));
        String brokerDefault = n.path("brokers").hasNonNull("default")
                ? n.path("brokers").get("default").asText()
                : null;
        try {
            return new RoutingPlan(
                    channels,
                    routes,
                    brokers,
                    brokerDefault,
                    n.path("messagesPerMinute").asInt(20),
                    n.path("maxBatch").asInt(20));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(fileName + ": $.notify: " + e.getMessage());
        }
    }

    private static ChannelSpec channel(String name, JsonNode c) {
        return switch (c.get("type").asText()) {
            case "webhook" -> new ChannelSpec.Webhook(name, text(c, "url"), secret(c.get("urlSecret")));
            case "wecom" -> new ChannelSpec.WeCom(name, text(c, "baseUrl"), secret(c.get("key")));
            case "dingtalk" ->
                new ChannelSpec.DingTalk(name, text(c, "baseUrl"), secret(c.get("token")), secret(c.get("secret")));
            case "slack" -> new ChannelSpec.Slack(name, secret(c.get("urlSecret")));
            case "email" -> {
                String security = c.path("security").asText("starttls");
                int port = c.path("port")
                        .asInt(
                                switch (security) {
                                    case "tls" -> 465;
                                    case "none" -> 25;
                                    default -> 587;
                                });
                List<String> to = new ArrayList<>();
                c.get("to").forEach(x -> to.add(x.asText()));
                yield new ChannelSpec.Email(
                        name,
                        c.get("host").asText(),
                        port,
                        security,
                        text(c, "username"),
                        secret(c.get("password")),
                        c.get("from").asText(),
                        to);
            }
            default -> throw new IllegalStateException("schema admits no channel type " + c.get("type"));
        };
    }

    private static Secret secret(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.hasNonNull("env")
                ? Secret.fromEnv(n.get("env").asText())
                : Secret.fromFile(n.get("file").asText());
    }

    private static String text(JsonNode parent, String field) {
        return parent.hasNonNull(field) ? parent.get(field).asText() : null;
    }

    /** Loads and validates a rules file on its own (for tools and tests). */
    public static RulesConfig loadRules(Path rulesFile) {
        return rules(
                validated(readYaml(rulesFile, null, rulesFile.toString()), "rules.schema.json", rulesFile.toString()));
    }

    /**
     * Parses and validates a rules file's text (a version published to the rules topic).
     *
     * @param name how errors name the text, e.g. {@code riskwatch.rules/0@12}
     * @throws ConfigException with every problem, one line
     */
    public static RulesConfig parseRules(String text, String name) {
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw notYaml(name, e);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new ConfigException(name + ": empty; expected a rules file (a YAML mapping)");
        }
        return rules(validated(node, "rules.schema.json", name));
    }

    /** The {@code version} a rules text declares, even when the rest is invalid; null when it has none readable. */
    public static String peekVersion(String text) {
        try {
            JsonNode v = YAML.readTree(text).path("version");
            return v.isTextual() || v.isNumber() ? v.asText() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /** Binds every rule's section (schema-checked already) to its settings type, defaults filling the rest. */
    private static RulesConfig rules(JsonNode root) {
        String version = root.get("version").asText();
        Map<String, RuleConfig<?>> rules = new LinkedHashMap<>();
        for (RuleDefinition<?> rule : RuleCatalog.RULES.definitions()) {
            rules.put(rule.id(), bind(rule, root.get("rules").get(rule.id()), version));
        }
        return new RulesConfig(version, rules);
    }

    private static <S extends Serializable> RuleConfig<S> bind(
            RuleDefinition<S> rule, JsonNode section, String version) {
        try {
            // a setting the section leaves out keeps the default, read as if the file had said it; one it names is
            // replaced whole (a tier mapping needs all three tiers by the schema)
            ObjectNode merged = (ObjectNode) YAML.readTree(DEFAULTS.writeValueAsString(rule.defaults()));
            section.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("enabled")) {
                    merged.set(f.getKey(), f.getValue());
                }
            });
            S settings = YAML.treeToValue(merged, rule.settingsType());
            return new RuleConfig<>(
                    section.path("enabled").asBoolean(true), version + "#" + shortHash(section), settings);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConfigException("$.rules." + rule.id() + ": " + e.getMessage());
        }
    }

    private static long duration(JsonNode n) {
        return TimeUtils.parseDuration(n.asText()).toMillis();
    }

    private static long millis(JsonNode parent, String field, String fallback) {
        return TimeUtils.parseDuration(parent.path(field).asText(fallback)).toMillis();
    }

    private static String shortHash(JsonNode node) {
        try {
            Object canonical = CANONICAL.treeToValue(node, Object.class);
            byte[] bytes = CANONICAL.writeValueAsBytes(canonical);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash rule settings", e);
        }
    }

    private static JsonNode readYaml(Path file, String resource, String name) {
        try (InputStream in = file != null ? openFile(file, name) : resource(resource)) {
            JsonNode node = YAML.readTree(in);
            if (node == null || node.isMissingNode() || node.isNull()) {
                throw new ConfigException(name + ": the file is empty; expected a YAML mapping");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw notYaml(name, e);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read: " + e.getMessage());
        }
    }

    private static ConfigException notYaml(String name, JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new ConfigException(name + ": not valid YAML" + where + ": " + e.getOriginalMessage());
    }

    private static InputStream openFile(Path file, String name) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(name + ": no such file");
        }
        return Files.newInputStream(file);
    }

    private static InputStream resource(String name) {
        InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("embedded resource " + name + " is missing from the jar");
        }
        return in;
    }

    private static JsonNode validated(JsonNode node, String schemaName, String fileName) {
        JsonSchema schema = schema(schemaName);
        List<String> problems = schema.validate(node).stream()
                .map(ConfigLoader::describe)
                .sorted()
                .toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(fileName + ": " + String.join("; ", problems));
        }
        return node;
    }

    private static String describe(ValidationMessage m) {
        // e.g. "$.rules.<RULE>.threshold.HNW: string found, number expected"
        String path = m.getInstanceLocation().toString();
        String message = m.getMessage();
        return message.startsWith(path) ? message : path + ": " + message;
    }

    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(
                name,
                n -> JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(schemaNode(n)));
    }

    /**
     * A schema of {@code schema/} with what the rule catalog defines filled in: each rule's section and the
     * required list of the rules file, the {@code ruleId} enum of the settings file.
     */
    public static JsonNode schemaNode(String name) {
        ObjectNode schema;
        try (InputStream in = resource("schema/" + name)) {
            schema = (ObjectNode) CANONICAL.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (name.equals("rules.schema.json")) {
            ObjectNode rules = (ObjectNode) schema.path("properties").path("rules");
            ObjectNode sections = rules.putObject("properties");
            ArrayNode required = rules.putArray("required");
            for (RuleDefinition<?> rule : RuleCatalog.RULES.definitions()) {
                try {
                    sections.set(rule.id(), CANONICAL.readTree(rule.schema()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(
                            rule.id() + ": its section's schema is not JSON: " + e.getOriginalMessage(), e);
                }
                required.add(rule.id());
            }
        } else if (schema.path("$defs").has("ruleId")) {
            ArrayNode ids = (ArrayNode) schema.path("$defs").path("ruleId").path("enum");
            List<String> catalog = new ArrayList<>(RuleCatalog.RULES.ids());
            for (int i = catalog.size() - 1; i >= 0; i--) {
                ids.insert(0, catalog.get(i));
            }
        }
        return schema;
    }
}
