package io.riskwatch.sink.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AUTH and TLS ({@code rediss://}) against Debian's redis-server (built with TLS; {@code .ci/run} installs it
 * and openssl when missing) with a self-signed certificate made by openssl for this run.
 */
class RedisAuthTlsITCase {
    private static final String PASSWORD = "s3cret-for-this-test";
    private static Path dir;
    private static Process server;
    private static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("redis-tls");
        run(List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-keyout",
                dir.resolve("key.pem").toString(),
                "-out",
                dir.resolve("cert.pem").toString(),
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        tlsPort = RedisAlertWriterITCase.freePort();
        server = new ProcessBuilder(
                        redisServer(),
                        "--port",
                        "0",
                        "--tls-port",
                        Integer.toString(tlsPort),
                        "--tls-cert-file",
                        dir.resolve("cert.pem").toString(),
                        "--tls-key-file",
                        dir.resolve("key.pem").toString(),
                        "--tls-ca-cert-file",
                        dir.resolve("cert.pem").toString(),
                        "--tls-auth-clients",
                        "no",
                        "--requirepass",
                        PASSWORD,
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", tlsPort), 200);
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException(
                            "redis-server with TLS did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String redisServer() {
        for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "redis-server (Debian package redis-server, with TLS) is not installed; " + ".ci/run installs it");
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static UnaryOperator<String> env(Map<String, String> vars) {
        return vars::get;
    }

    private static String uri() {
        return "rediss://127.0.0.1:" + tlsPort + "/0";
    }

    @Test
    void tlsWithTheCaFileAndThePasswordFromTheEnvironment() {
        try (var h = RedisConnections.open(
                uri(),
                "RW_PW",
                Duration.ofSeconds(5),
                env(Map.of(
                        "RW_PW",
                        PASSWORD,
                        RedisConnections.CA_FILE_ENV,
                        dir.resolve("cert.pem").toString())))) {
            assertThat(h.connection().sync().ping()).isEqualTo("PONG");
            h.connection().sync().set("k", "v");
            assertThat(h.connection().sync().get("k")).isEqualTo("v");
        }
    }

    @Test
    void thePasswordCanComeFromAFileNamedByVariableFile() throws IOException {
        Path secret = Files.writeString(dir.resolve("redis-password"), PASSWORD + "\n");
        try (var h = RedisConnections.open(
                uri(),
                "RW_PW",
                Duration.ofSeconds(5),
                env(Map.of(
                        "RW_PW_FILE",
                        secret.toString(),
                        RedisConnections.CA_FILE_ENV,
                        dir.resolve("cert.pem").toString())))) {
            assertThat(h.connection().sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aWrongPasswordIsOneClearErrorThatDoesNotShowIt() {
        assertThatThrownBy(() -> RedisConnections.open(
                        uri(),
                        "RW_PW",
                        Duration.ofSeconds(5),
                        env(Map.of(
                                "RW_PW",
                                "not-the-password",
                                RedisConnections.CA_FILE_ENV,
                                dir.resolve("cert.pem").toString()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:" + tlsPort)
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        assertThatThrownBy(() ->
                        RedisConnections.open(uri(), "RW_PW", Duration.ofSeconds(5), env(Map.of("RW_PW", PASSWORD))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:" + tlsPort);
    }
}
