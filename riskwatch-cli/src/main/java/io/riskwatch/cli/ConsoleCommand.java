package io.riskwatch.cli;

import io.riskwatch.console.ConsoleServer;
import io.riskwatch.console.PasswordHash;
import io.riskwatch.console.Users;
import io.riskwatch.job.ReplayJob;
import io.riskwatch.sink.redis.CaseSla;
import io.riskwatch.sink.redis.ProposalStore;
import io.riskwatch.sink.redis.RedisAlertSink;
import io.riskwatch.sink.redis.RedisLayout;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskwatch console}: the alert console web app over the alerts in Redis. */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the alert console: an inbox of open alerts by severity and time, live alerts, filters, an",
            "alert's detail with evidence and metrics, acknowledge and close (the audit trail of 'alerts').",
            "Sign-in is required: users and roles come from --users (see config/console-users.example.yaml)."
        },
        subcommands = {ConsoleCommand.HashPassword.class},
        footer = {
            "",
            "Examples:",
            "  bin/riskwatch console hash-password            # a hash for the users file",
            "  bin/riskwatch console --users config/console-users.yaml --redis redis://127.0.0.1:6379/0 --port 8080",
            "  bin/riskwatch console --users config/console-users.yaml --kafka 127.0.0.1:9092   # RISK_ADMINs approve"
        })
public final class ConsoleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--users",
            paramLabel = "FILE",
            description = "who may sign in: names, roles (RISK, BROKER with brokerId), password hashes")
    Path users;

    @Option(
            names = "--redis",
            paramLabel = "URI",
            defaultValue = "redis://127.0.0.1:6379/0",
            description = "Redis with the alerts (default: ${DEFAULT-VALUE}); password from RISKWATCH_REDIS_PASSWORD")
    String redis;

    @Option(
            names = "--redis-prefix",
            paramLabel = "PREFIX",
            defaultValue = RedisLayout.DEFAULT_PREFIX,
            description = "key prefix in Redis (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}; behind a TLS reverse proxy in production)")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "(default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--session-hours",
            paramLabel = "H",
            defaultValue = "8",
            description = "how long a sign-in lasts (default: ${DEFAULT-VALUE})")
    int sessionHours;

    @Option(names = "--secure-cookie", description = "mark the session cookie Secure (when served over HTTPS)")
    boolean secureCookie;

    @Option(
            names = "--allowed-host",
            paramLabel = "NAME",
            description = "a host name browsers reach the console by (the Host header), e.g. the reverse proxy's "
                    + "console.example.com; repeatable. Always allowed: localhost, 127.0.0.1, [::1] and the --bind "
                    + "address. Any other is refused with 421")
    List<String> allowedHosts = new ArrayList<>();

    @Option(
            names = "--case-sla",
            paramLabel = "SEVERITY=DURATION",
            description = "how long a case of that severity may stay open before the console marks it overdue; "
                    + "repeatable (defaults CRITICAL=4h, HIGH=24h, MEDIUM=72h, LOW=168h)")
    List<String> caseSla = new ArrayList<>();

    @Option(
            names = "--kafka",
            paramLabel = "BOOTSTRAP",
            description = "Kafka bootstrap servers: a RISK_ADMIN's approval in the console publishes the version to "
                    + "the rules topic there (without --kafka or --config the console shows proposals only)")
    String kafka;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "job settings naming the Kafka servers, the rules topic and client properties")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (users == null) {
            throw new IllegalArgumentException(
                    "--users FILE is required: who may sign in (see " + "config/console-users.example.yaml)");
        }
        if (sessionHours < 1 || sessionHours > 24 * 7) {
            throw new IllegalArgumentException("--session-hours must be 1-168, got " + sessionHours);
        }
        RedisAlertSink.builder().uri(redis).prefix(prefix).build(); // same checks as the sink
        ConsoleServer server = ConsoleServer.start(new ConsoleServer.Settings(
                bind,
                port,
                redis,
                ReplayJob.RedisTarget.PASSWORD_ENV,
                prefix,
                Users.load(users),
                Duration.ofHours(sessionHours),
                secureCookie,
                allowedHosts,
                CaseSla.of(caseSla),
                publisher(rulesTopic(), spec.commandLine().getOut())));
        spec.commandLine().getOut().println("riskwatch console: " + server.url() + " (Ctrl-C stops it)");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "console-stop"));
        stopped.await();
        return 0;
    }

    /**
     * Where a RISK_ADMIN's approval in the console publishes: the rules topic, when {@code --kafka} or
     * {@code --config} names the Kafka servers; otherwise none, and the console shows proposals without approving.
     */
    private RulesGovernance.Topic rulesTopic() {
        RulesGovernance.Topic topic = new RulesGovernance.Topic();
        topic.kafka = kafka;
        topic.config = config;
        return topic; // published from the approval on, as an approval in the CLI without --effective-from
    }

    static ProposalStore.Publisher publisher(RulesGovernance.Topic topic, PrintWriter out) {
        if (topic.kafka == null && topic.config == null) {
            return null;
        }
        return (version, file) -> {
            synchronized (out) {
                return topic.publish(version, file, out);
            }
        };
    }

    /** {@code riskwatch console hash-password}: reads a password (twice on a terminal) and prints its hash. */
    @Command(
            name = "hash-password",
            mixinStandardHelpOptions = true,
            description = {
                "Reads a password and prints the hash to put in the console users file. On a terminal it",
                "asks twice without echo; otherwise it reads one line from standard input."
            })
    static final class HashPassword implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--iterations",
                defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
                description = "PBKDF2 iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Override
        public Integer call() throws Exception {
            if (iterations < 10_000) {
                throw new IllegalArgumentException("--iterations below 10,000 is too weak, got " + iterations);
            }
            char[] password;
            Console console = System.console();
            if (console != null) {
                password = console.readPassword("password: ");
                char[] again = console.readPassword("again:    ");
                if (password == null || !Arrays.equals(password, again)) {
                    throw new IllegalArgumentException("the two passwords differ");
                }
            } else {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            if (password.length < 8) {
                throw new IllegalArgumentException("a console password needs at least 8 characters");
            }
            spec.commandLine().getOut().println(PasswordHash.hash(password, iterations));
            Arrays.fill(password, '\0');
            return 0;
        }
    }
}
