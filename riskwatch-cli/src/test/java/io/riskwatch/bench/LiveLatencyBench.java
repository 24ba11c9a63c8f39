package io.riskwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.riskwatch.cli.demo.MarketFeed;
import io.riskwatch.cli.generate.GenerateCommand;
import io.riskwatch.cli.generate.StreamGenerator;
import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.JobSettings;
import io.riskwatch.detect.RuleCatalog;
import io.riskwatch.job.JobEnvironment;
import io.riskwatch.job.LiveJob;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.testing.InProcessKafka;
import io.riskwatch.testing.LiveFeed;
import io.riskwatch.testing.LocalRedis;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Live-mode latency benchmark: a real KRaft broker and a real Redis server, the live job on an embedded cluster,
 * and a generated market produced into Kafka at a fixed rate with each record's {@code ts} set to the wall clock
 * at the moment it is handed to the producer (ingestion). An alert's latency is the time Redis appended it to the
 * alerts stream (the stream id is the server's clock) minus its {@code ts}, the event time of the event that
 * completed it. Only alerts whose event was produced after the warm-up and before the end of the measured
 * window count; the tail keeps the feed running so the watermark passes the last measured event.
 *
 * <p>Run with {@code mvn -Platency -pl riskwatch-cli -am verify -DskipTests -Dlatency.args="..."} (see
 * docs/PERFORMANCE.md); not a test.
 */
@Command(
        name = "live-latency",
        mixinStandardHelpOptions = true,
        description = "Event-to-alert latency of the live job through Kafka into Redis, at a fixed input rate.")
public final class LiveLatencyBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "bench";

    @Option(
            names = "--rate",
            defaultValue = "20000",
            description = "events per second produced (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "60", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = "--warmup",
            defaultValue = "30",
            description = "seconds produced before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--clients", defaultValue = "20000", description = "generated clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--symbols", defaultValue = "500", description = "generated symbols (default: ${DEFAULT-VALUE})")
    int symbols;

    @Option(
            names = "--quote-interval",
            defaultValue = "2s",
            description = "generated quote interval (default: ${DEFAULT-VALUE})")
    String quoteInterval;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--partitions",
            defaultValue = "2",
            description = "partitions per input topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--config", paramLabel = "FILE", description = "riskwatch.yaml (default: the embedded defaults)")
    Path config;

    @Option(names = "--out-of-orderness", paramLabel = "DURATION", description = "override time.outOfOrderness")
    String outOfOrderness;

    @Option(names = "--idleness", paramLabel = "DURATION", description = "override time.idleness")
    String idleness;

    @Option(names = "--live-idleness", paramLabel = "DURATION", description = "override time.liveIdleness")
    String liveIdleness;

    @Option(
            names = "--backlog",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "seconds of input produced (at the rate) before the job starts, as after a stop: the job "
                    + "catches up, then runs live; the dead letters say whether catching up made events late")
    int backlog;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "where the generated input goes (default: a temp folder)")
    Path workDir;

    @Option(
            names = "--latencies",
            paramLabel = "FILE",
            description = "also write each measured alert as a CSV row (ts, appended, latency ms, rule, client), "
                    + "to line the slow ones up with checkpoints and GC pauses in the job's log")
    Path latencies;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LiveLatencyBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        JobSettings settings = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config, null);
        if (outOfOrderness != null) {
            settings = settings.withOutOfOrdernessMillis(millis(outOfOrderness));
        }
        if (idleness != null) {
            settings = settings.withIdlenessMillis(millis(idleness));
        }
        if (liveIdleness != null) {
            settings = settings.withLiveIdlenessMillis(millis(liveIdleness));
        }
        // the generated day is squeezed into minutes: alert rates look like a runaway rule, which would hold
        // alerts back (they would not count); the guard is a routing decision, not part of the latency
        settings = settings.withRunawayGuard(settings.runawayGuard().withEnabled(false));
        long tailSeconds = settings.outOfOrdernessMillis() / 1000 + 5;
        long needed = (long) rate * (backlog + warmup + seconds + tailSeconds);

        Path dir = workDir != null ? workDir : Files.createTempDirectory("riskwatch-latency");
        List<MarketFeed.Rec> preload = new ArrayList<>();
        List<MarketFeed.Rec> paced = new ArrayList<>();
        load(dir, preload, paced);
        if (paced.size() < needed) {
            out.printf(
                    "latency bench: the generated day has %,d timed records, %,d needed for %d s at %,d/s: "
                            + "raise --clients, --symbols or lower --quote-interval%n",
                    paced.size(), needed, backlog + warmup + seconds + tailSeconds, rate);
            return 2;
        }
        paced = paced.subList(0, (int) needed);

        try (LocalRedis redis = LocalRedis.start();
                InProcessKafka kafka = new InProcessKafka()) {
            settings = settings.withKafka(settings.kafka().withBootstrapServers(kafka.bootstrapServers()));
            kafka.createTopics(settings.kafka().inputTopics(), partitions);
            List<String> others = new ArrayList<>(settings.kafka().topics());
            others.removeAll(settings.kafka().inputTopics());
            kafka.createTopics(others, 1);
            out.printf(
                    "latency bench: %,d events/s for %d s (+%d s warm-up, %d s tail), %d partitions per topic, "
                            + "parallelism %d, outOfOrderness %d ms, idleness %d ms (up to date: %d ms), "
                            + "watermark interval %d ms, buffer timeout %d ms, checkpoints every %d ms%n",
                    rate,
                    seconds,
                    warmup,
                    tailSeconds,
                    partitions,
                    parallelism,
                    settings.outOfOrdernessMillis(),
                    settings.idlenessMillis(),
                    settings.liveIdlenessMillis(),
                    settings.kafka().watermarkIntervalMillis(),
                    settings.kafka().bufferTimeoutMillis(),
                    settings.kafka().checkpointIntervalMillis());

            long produced = preload.size();
            if (backlog > 0) {
                try (KafkaProducer<String, byte[]> early = producer(kafka.bootstrapServers())) {
                    MarketFeed.sendNow(early, preload, true);
                    List<MarketFeed.Rec> before = paced.subList(0, rate * backlog);
                    out.printf(
                            "latency bench: producing a backlog of %,d records (%d s) before the job starts%n",
                            before.size(), backlog);
                    MarketFeed.pace(early, before, rate, () -> false, (sent, perSecond) -> {}, true);
                }
                produced += (long) rate * backlog;
                preload = List.of();
                paced = paced.subList(rate * backlog, paced.size());
            }
            StreamExecutionEnvironment env = JobEnvironment.live(parallelism, settings.kafka());
            LiveJob.build(
                    env,
                    new LiveJob.Request(
                            settings,
                            RuleCatalog.RULES.ids(),
                            parallelism,
                            new ReplayJob.RedisTarget(redis.uri() + "/0", PREFIX)));
            JobClient job = env.executeAsync("riskwatch latency bench");
            waitRunning(job);

            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> c = client.connect();
                    KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
                RedisCommands<String, String> r = c.sync();
                MarketFeed.sendNow(producer, preload, true);
                out.printf(
                        "latency bench: %,d reference records loaded; producing %,d records paced%n",
                        preload.size(), paced.size());
                Thread.sleep(5_000); // the job applies the reference data before the market opens

                long cpu0 = processCpuNanos();
                long wall0 = System.nanoTime();
                long start = System.currentTimeMillis();
                long measureFrom = start + warmup * 1000L;
                long measureTo = measureFrom + seconds * 1000L;
                int total = paced.size();
                MarketFeed.pace(
                        producer,
                        paced,
                        rate,
                        () -> false,
                        (sent, perSecond) -> out.printf(
                                "latency bench: %,d of %,d produced (%.0f/s), %,d alerts in Redis%n",
                                sent, total, perSecond, r.xlen(PREFIX + ":alerts")),
                        true);
                long wallNanos = System.nanoTime() - wall0;
                long cpuNanos = processCpuNanos() - cpu0;
                producer.flush();
                Thread.sleep(3_000);

                report(out, r, measureFrom, measureTo, paced.size() * 1e9 / wallNanos, cpuNanos / (double) wallNanos);
                settle(
                        out,
                        job,
                        produced + paced.size(),
                        kafka.bootstrapServers(),
                        settings.kafka().deadLetterTopic());
            } finally {
                client.shutdown();
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    private void load(Path dir, List<MarketFeed.Rec> preload, List<MarketFeed.Rec> paced) throws Exception {
        if (!Files.exists(dir.resolve("quotes.jsonl"))) {
            long t0 = System.nanoTime();
            StreamGenerator.write(
                    new StreamGenerator.Spec(
                            clients,
                            1,
                            symbols,
                            seed,
                            0,
                            LocalDate.of(2026, 11, 20),
                            GenerateCommand.quoteIntervalMillis(quoteInterval)),
                    dir);
            System.out.printf(
                    "latency bench: generated %d clients, %d symbols into %s in %.1f s%n",
                    clients, symbols, dir, (System.nanoTime() - t0) / 1e9);
        }
        MarketFeed.Loaded feed = MarketFeed.load(dir);
        preload.addAll(feed.preload());
        paced.addAll(feed.paced());
    }

    private void report(
            PrintStream out, RedisCommands<String, String> r, long from, long to, double achievedRate, double cores)
            throws Exception {
        Map<String, Histogram> byRule = new TreeMap<>();
        Histogram all = new Histogram(3_600_000L, 3);
        Map<Long, Histogram> byTenSeconds = new TreeMap<>(); // steady, or falling behind?
        int total = 0;
        String start = "-";
        List<String> rows = new ArrayList<>();
        while (true) {
            List<StreamMessage<String, String>> page =
                    r.xrange(PREFIX + ":alerts", Range.create(start, "+"), Limit.from(10_000));
            for (StreamMessage<String, String> m : page) {
                total++;
                long appended = Long.parseLong(m.getId().substring(0, m.getId().indexOf('-')));
                JsonNode alert = JSON.readTree(m.getBody().get("json"));
                long ts = OffsetDateTime.parse(alert.get("ts").asText())
                        .toInstant()
                        .toEpochMilli();
                if (ts < from || ts >= to) {
                    continue;
                }
                long latency = Math.max(0, appended - ts);
                all.recordValue(latency);
                byTenSeconds
                        .computeIfAbsent((ts - from) / 10_000, k -> new Histogram(3_600_000L, 3))
                        .recordValue(latency);
                byRule.computeIfAbsent(alert.get("rule").asText(), k -> new Histogram(3_600_000L, 3))
                        .recordValue(latency);
                if (latencies != null) {
                    rows.add(alert.get("ts").asText() + "," + appended + "," + latency + ","
                            + alert.get("rule").asText() + ","
                            + alert.path("clientId").asText());
                }
            }
            if (page.size() < 10_000) {
                break;
            }
            String last = page.get(page.size() - 1).getId();
            start = "(" + last;
        }
        if (latencies != null) {
            rows.add(0, "ts,appended,latency_ms,rule,client");
            Files.write(latencies, rows, StandardCharsets.UTF_8);
        }
        out.printf(
                "%nlatency bench: produced %.0f events/s; process CPU %.2f cores (broker, producer and job); "
                        + "%,d alerts in Redis, %,d in the measured window, %,d held back%n%n",
                achievedRate, cores, total, all.getTotalCount(), r.hlen(PREFIX + ":heldback"));
        out.println("| rule | alerts | p50 ms | p99 ms | p99.9 ms | max ms |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Histogram> e : byRule.entrySet()) {
            row(out, e.getKey(), e.getValue());
        }
        row(out, "**all**", all);
        out.println();
        out.println("| seconds into the window | alerts | p50 ms | p99 ms | p99.9 ms | max ms |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<Long, Histogram> e : byTenSeconds.entrySet()) {
            row(out, e.getKey() * 10 + "-" + (e.getKey() * 10 + 10), e.getValue());
        }
    }

    private static void row(PrintStream out, String name, Histogram h) {
        out.printf(
                "| %s | %,d | %d | %d | %d | %d |%n",
                name,
                h.getTotalCount(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue());
    }

    /**
     * Waits (up to 60 s) until the job has read every produced record and its counts stop moving (the job's
     * counters reach the JobManager with the task heartbeats, some seconds late), then prints read = processed +
     * dead-lettered + waiting. Waiting: the events of the last moments of input, which the watermark has not passed
     * since every partition went quiet (applied when input resumes, or after {@code time.quietFlush}); a few hundred
     * at most, never more.
     */
    private static void settle(PrintStream out, JobClient job, long produced, String bootstrap, String deadLetterTopic)
            throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, Object> counters = Map.of();
        long read = -1;
        long processed = -1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            Map<String, Object> now = new TreeMap<>(job.getAccumulators().get());
            long r = ((Number) now.getOrDefault("records-read", 0L)).longValue();
            long p = ((Number) now.getOrDefault("events-processed", 0L)).longValue();
            boolean still = r == read && p == processed;
            counters = now;
            read = r;
            processed = p;
            if (r == produced && still) {
                break;
            }
        }
        Map<String, Integer> dead = deadLetters(bootstrap, deadLetterTopic);
        long deadCount = dead.entrySet().stream()
                .filter(e -> !e.getKey().contains(" ")) // reasons alone
                .mapToLong(e -> e.getValue().longValue())
                .sum();
        out.printf("latency bench: job counters %s%n", counters);
        out.printf("latency bench: dead letters by reason %s%n", dead);
        out.printf(
                "latency bench: produced %,d; read %,d = processed %,d + dead-lettered %,d + waiting %,d%n",
                produced, read, processed, deadCount, read - processed - deadCount);
    }

    /** Counts the dead-letter topic's records by reason, and by reason and partition ("late_event topic/0"). */
    private static Map<String, Integer> deadLetters(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-bench");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> reasons = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            // assigned, not subscribed: no group to join, and read up to the end offsets known now
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (var rec : consumer.poll(Duration.ofSeconds(1))) {
                    JsonNode d = JSON.readTree(rec.value());
                    String source = d.path("source").asText("?");
                    // by reason, and by reason and partition (where late events come from)
                    reasons.merge(d.path("reason").asText("?"), 1, Integer::sum);
                    reasons.merge(
                            d.path("reason").asText("?") + " " + source.substring(0, Math.max(0, source.indexOf('@'))),
                            1,
                            Integer::sum);
                }
            }
        }
        return reasons;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"); // keeps each partition in order
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static void waitRunning(JobClient job) throws Exception {
        LiveFeed.waitFor(Duration.ofSeconds(60), () -> job.getJobStatus().join() == JobStatus.RUNNING);
        Thread.sleep(3_000); // tasks deployed, Kafka splits assigned
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long millis(String duration) {
        return TimeUtils.parseDuration(duration).toMillis();
    }
}
