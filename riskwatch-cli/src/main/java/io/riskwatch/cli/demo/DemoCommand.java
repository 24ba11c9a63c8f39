package io.riskwatch.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.cli.backtest.BacktestComparison;
import io.riskwatch.cli.generate.GenerateCommand;
import io.riskwatch.cli.generate.StreamGenerator;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.config.KafkaSettings;
import io.riskwatch.console.ConsoleServer;
import io.riskwatch.console.PasswordHash;
import io.riskwatch.console.Users;
import io.riskwatch.control.RulesPublisher;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.job.JobEnvironment;
import io.riskwatch.job.LiveJob;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.sink.redis.ProposalStore;
import io.riskwatch.sink.redis.RedisLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.embedded.RedisServer;

/**
 * {@code riskwatch demo}: everything on one machine with nothing set up by hand. An embedded KRaft broker and a
 * Redis server (both real, started in this process), a generated market of several trading days with risky
 * clients planted in it, produced live at a fixed rate with each record's generated {@code ts} (the generated
 * days are today and the next ones, so every window of the rules holds as in a replay; {@code --wall-clock} stamps
 * the wall clock instead), the
 * live job (all rules) on an embedded Flink cluster, and the alert console. Ctrl-C (or {@code --run-for}) stops
 * the feed, the job, the console, Kafka and Redis, in that order.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs riskwatch live on this machine with no server to set up: an embedded Kafka broker and Redis,",
            "a generated market (clients, quotes, orders, trades, transfers, with risky behaviour mixed in)",
            "produced at --rate events/s, the live job with every rule, and the alert console.",
            "Ctrl-C stops everything cleanly."
        },
        footer = {
            "",
            "Example:",
            "  bin/riskwatch demo              # then open http://127.0.0.1:8080/ and sign in as risk / risk-demo"
        })
public final class DemoCommand implements Callable<Integer> {
    /** The demo's sign-ins: synthetic data on this machine only (the console listens on 127.0.0.1). */
    static final Map<String, String> DEMO_PASSWORDS =
            Map.of("risk", "risk-demo", "admin", "admin-demo", "broker3", "broker-demo", "broker1", "broker-demo");

    private static final String PREFIX = RedisLayout.DEFAULT_PREFIX;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--rate",
            defaultValue = "200",
            description = "events per second fed to Kafka (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--clients", defaultValue = "2000", description = "generated clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--symbols", defaultValue = "50", description = "generated securities (default: ${DEFAULT-VALUE})")
    int symbols;

    @Option(
            names = "--days",
            defaultValue = "5",
            description = "trading days generated, fed one after the other (default: ${DEFAULT-VALUE})")
    int days;

    @Option(
            names = "--quote-interval",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description = "time between two quotes of one symbol in the generated day (default: ${DEFAULT-VALUE})")
    String quoteInterval;

    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "console port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--parallelism", defaultValue = "1", description = "job parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--wall-clock",
            description = {
                "stamp each record with the wall clock when it is sent instead of its generated time of day: alerts",
                "appear at 'now', but the day's hours are squeezed into the feed's pace, so rules with short windows",
                "(RAMPING's 3 minutes, ORDER_RATE's second, the continuous session) no longer see what was planted"
            })
    boolean wallClock;

    @Option(
            names = "--run-for",
            paramLabel = "DURATION",
            description = "stop by itself after this long, e.g. 2m (default: until Ctrl-C)")
    String runFor;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || rate > 100_000) {
            throw new IllegalArgumentException("--rate must be 1-100000 events/s, got " + rate);
        }
        long stopAfterNanos =
                runFor == null ? Long.MAX_VALUE : GenerateCommand.quoteIntervalMillis(runFor) * 1_000_000L;
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stopRequested.countDown();
                    try {
                        stopped.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        Path work = Files.createTempDirectory("riskwatch-demo-");
        RedisServer redis = null;
        EmbeddedKafka kafka = null;
        JobClient job = null;
        ConsoleServer console = null;
        long produced = 0;
        Map<String, Long> alertsByRule = new TreeMap<>();
        try {
            long t0 = System.nanoTime();
            StreamGenerator.write(
                    new StreamGenerator.Spec(
                            clients,
                            days,
                            symbols,
                            seed,
                            0,
                            LocalDate.now(ZoneOffset.ofHours(8)),
                            GenerateCommand.quoteIntervalMillis(quoteInterval)),
                    work);
            MarketFeed.Loaded feed = MarketFeed.load(work);
            out.printf(
                    "demo: generated %,d clients, %,d securities, %d trading day(s): %,d records (%.1f s)%n",
                    clients,
                    symbols,
                    days,
                    feed.preload().size() + feed.paced().size(),
                    (System.nanoTime() - t0) / 1e9);
            out.flush();

            int redisPort = freePort();
            redis = new RedisServer(redisPort);
            redis.start();
            String redisUri = "redis://127.0.0.1:" + redisPort + "/0";
            kafka = new EmbeddedKafka();
            JobSettings settings = demoSettings(ConfigLoader.defaults(), kafka.bootstrapServers(), wallClock);
            kafka.createTopics(settings.kafka().inputTopics(), 2);
            List<String> others = new ArrayList<>(settings.kafka().topics());
            others.removeAll(settings.kafka().inputTopics());
            kafka.createTopics(others, 1);

            StreamExecutionEnvironment env = JobEnvironment.live(parallelism, settings.kafka());
            LiveJob.build(
                    env,
                    new LiveJob.Request(
                            settings,
                            RuleCatalog.RULES.ids(),
                            parallelism,
                            new ReplayJob.RedisTarget(redisUri, PREFIX)));
            job = env.executeAsync("riskwatch demo");
            String proposal = proposeDemoChange(redisUri, settings);
            KafkaSettings k = settings.kafka();
            console = ConsoleServer.start(new ConsoleServer.Settings(
                            "127.0.0.1", port, redisUri, null, PREFIX, demoUsers(), Duration.ofHours(8), false)
                    .withRulesPublisher((version, file) -> {
                        RecordMetadata m = RulesPublisher.publish(
                                k.bootstrapServers(), k.properties(), k.rulesTopic(), version, file, null);
                        return m.topic() + "/" + m.partition() + "@" + m.offset();
                    }));

            out.printf("%ndemo: running. Open %s and sign in as%n", console.url());
            out.printf("        risk    / %s   (risk officer: every alert)%n", DEMO_PASSWORDS.get("risk"));
            out.printf(
                    "        admin   / %s  (risk admin: approves %s, a proposed rule change, under Rules)%n",
                    DEMO_PASSWORDS.get("admin"), proposal);
            out.printf(
                    "        broker3 / %s (broker B003: BROKER alerts of B003's clients)%n",
                    DEMO_PASSWORDS.get("broker3"));
            out.printf(
                    "      Kafka %s, Redis %s (prefix %s), %,d events/s; Ctrl-C stops everything%n%n",
                    kafka.bootstrapServers(), redisUri, PREFIX, rate);
            out.flush();

            long started = System.nanoTime();
            produced = feedMarket(kafka, feed, redisUri, out, stopRequested, started, stopAfterNanos);
            if (produced == feed.preload().size() + feed.paced().size()) {
                out.println("demo: the generated days are over; the console stays up until Ctrl-C");
                out.flush();
            }
            long left = stopAfterNanos == Long.MAX_VALUE
                    ? Long.MAX_VALUE
                    : Math.max(0, stopAfterNanos - (System.nanoTime() - started));
            if (left > 0) {
                stopRequested.await(left, TimeUnit.NANOSECONDS);
            }
            alertsByRule = alertsByRule(redisUri);
        } finally {
            out.println("demo: stopping (feed, job, console, Kafka, Redis) ...");
            out.flush();
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    out.println("demo: the job did not cancel in time: " + e.getMessage());
                }
            }
            if (console != null) {
                console.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (redis != null) {
                redis.stop();
            }
            ReplayJob.deleteRecursively(work);
            long total =
                    alertsByRule.values().stream().mapToLong(Long::longValue).sum();
            out.printf(
                    "demo: stopped. %,d events fed, %,d alerts stored%s%n",
                    produced, total, alertsByRule.isEmpty() ? "" : " " + alertsByRule);
            out.flush();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and returns now
            }
        }
        return 0;
    }

    /**
     * The shipped settings with the demo's broker; event time tuned for a live screen (1 s out-of-orderness, quiet
     * partitions idle after 2 s: alerts within seconds, docs/deployment.md section 4); the runaway-rule guard off,
     * because several trading days squeezed into minutes make every rule look like a runaway one.
     */
    /**
     * The embedded defaults for the demo: a short bound and idleness, no runaway guard; with generated times the
     * feed runs ahead of the clock (the day's afternoon reaches Kafka in the morning, the next days tonight), so
     * the live check of a ts against the clock ({@code time.maxFuture}) is off.
     */
    static JobSettings demoSettings(JobSettings base, String bootstrap, boolean wallClock) {
        JobSettings s = base.withKafka(base.kafka().withBootstrapServers(bootstrap))
                .withOutOfOrdernessMillis(1_000)
                .withIdlenessMillis(2_000)
                .withRunawayGuard(base.runawayGuard().withEnabled(false));
        return wallClock ? s : s.withMaxFutureMillis(0);
    }

    /**
     * A rule change waiting for the admin's approval, proposed by the risk officer: the shipped rules with
     * CONCENTRATION's share for STANDARD clients raised from 0.5 to 0.6, a change the running job applies (the
     * approved version reaches it through the demo's rules topic). Returns its id.
     */
    static String proposeDemoChange(String redisUri, JobSettings settings) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String shipped;
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(ConfigLoader.EMBEDDED_RULES)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode rules = (ObjectNode) yaml.readTree(shipped);
        String base = rules.path("version").asText();
        rules.put("version", base + "-demo");
        ((ObjectNode) rules.path("rules").path("CONCENTRATION").path("maxShare")).put("STANDARD", 0.6);
        String text = yaml.writeValueAsString(rules);
        ConfigLoader.parseRules(text, "the demo's proposed rules"); // as valid as any proposal
        ArrayNode diff = yaml.createArrayNode();
        BacktestComparison.thresholdChanges(shipped, text)
                .forEach(c -> diff.addObject()
                        .put("path", c.path())
                        .put("from", c.baseline())
                        .put("to", c.candidate()));
        try (ProposalStore store = new ProposalStore(redisUri, null, new RedisLayout(PREFIX))) {
            return store.propose(
                    "risk",
                    "demo: fewer concentration alerts, STANDARD clients from 60 % of assets in one security",
                    base + "-demo",
                    text,
                    base,
                    new ObjectMapper().writeValueAsString(diff),
                    null,
                    null);
        }
    }

    static Users demoUsers() {
        int iterations = 100_000;
        return new Users(
                Map.of(
                        "risk",
                                new Users.User(
                                        "risk",
                                        Users.Role.RISK,
                                        null,
                                        PasswordHash.hash(
                                                DEMO_PASSWORDS.get("risk").toCharArray(), iterations)),
                        "admin",
                                new Users.User(
                                        "admin",
                                        Users.Role.RISK_ADMIN,
                                        null,
                                        PasswordHash.hash(
                                                DEMO_PASSWORDS.get("admin").toCharArray(), iterations)),
                        "broker3",
                                new Users.User(
                                        "broker3",
                                        Users.Role.BROKER,
                                        "B003",
                                        PasswordHash.hash(
                                                DEMO_PASSWORDS.get("broker3").toCharArray(), iterations)),
                        "broker1",
                                new Users.User(
                                        "broker1",
                                        Users.Role.BROKER,
                                        "B001",
                                        PasswordHash.hash(
                                                DEMO_PASSWORDS.get("broker1").toCharArray(), iterations))),
                null);
    }

    /**
     * The morning's reference data at once, then every record at its slot of the fixed-rate schedule, the wall
     * clock as its ts; a status line every 10 s. Returns how many records went out.
     */
    private long feedMarket(
            EmbeddedKafka kafka,
            MarketFeed.Loaded feed,
            String redisUri,
            PrintWriter out,
            CountDownLatch stop,
            long started,
            long stopAfterNanos)
            throws Exception {
        RedisClient client = RedisClient.create(redisUri);
        try (KafkaProducer<String, byte[]> producer = kafka.producer();
                StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            MarketFeed.sendNow(producer, feed.preload(), wallClock);
            // the job applies the reference data before the market opens
            if (stop.await(3, TimeUnit.SECONDS)) {
                return feed.preload().size();
            }
            return feed.preload().size()
                    + MarketFeed.pace(
                            producer,
                            feed.paced(),
                            rate,
                            () -> stop.getCount() == 0 || System.nanoTime() - started >= stopAfterNanos,
                            (sent, perSecond) -> {
                                out.printf(
                                        "demo: %,d events fed (%,.0f/s), %,d alerts in Redis, %,d open%n",
                                        feed.preload().size() + sent,
                                        perSecond,
                                        r.xlen(PREFIX + ":alerts"),
                                        r.zcard(PREFIX + ":open"));
                                out.flush();
                            },
                            wallClock);
        } finally {
            client.shutdown();
        }
    }

    private static Map<String, Long> alertsByRule(String redisUri) {
        Map<String, Long> byRule = new TreeMap<>();
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync()
                    .xrange(PREFIX + ":alerts", Range.create("-", "+"))
                    .forEach(m -> byRule.merge(m.getBody().get("rule"), 1L, Long::sum));
        } finally {
            client.shutdown();
        }
        return byRule;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
