package io.riskwatch.sink.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Audience;
import io.riskwatch.alert.Severity;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The e-mail notifier against a real SMTP server (GreenMail) on loopback, with AUTH. */
class EmailNotifierITCase {
    private static final Duration T = Duration.ofSeconds(3);
    private GreenMail mail;
    private int port;

    @BeforeEach
    void start() throws IOException {
        port = freePort();
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.setUser("riskwatch@broker.example", "robot", "s3cret");
        mail.start();
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Alert alert(String id, Severity severity) {
        return new Alert(
                id,
                "LARGE_TRANSFER",
                severity,
                Audience.RISK,
                "C000123",
                "B007",
                null,
                0L,
                "2026-11-20T09:31:02.120+08:00",
                "Transfer OUT 800,000.00 CNY >= 500,000.00 (STANDARD)",
                List.of("t-1"),
                "{}",
                "v1");
    }

    private EmailNotifier notifier(String password) {
        return new EmailNotifier(
                "risk",
                "127.0.0.1",
                port,
                EmailNotifier.Security.NONE,
                "robot",
                password,
                "riskwatch@broker.example",
                List.of("risk-desk@broker.example", "compliance@broker.example"),
                T);
    }

    @Test
    void oneMessagePerBatchToEveryRecipientWithTheDigest() throws Exception {
        notifier("s3cret")
                .send(List.of(alert("LARGE_TRANSFER-a", Severity.MEDIUM), alert("LARGE_TRANSFER-b", Severity.HIGH)));

        assertThat(mail.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("[riskwatch] 2 alerts, highest HIGH");
        assertThat(m.getFrom()[0].toString()).isEqualTo("riskwatch@broker.example");
        String body = GreenMailUtil.getBody(m);
        assertThat(body)
                .contains("LARGE_TRANSFER-a", "LARGE_TRANSFER-b", "client C000123", "Transfer OUT 800,000.00 CNY");
    }

    @Test
    void aWrongPasswordIsFinalAndNamesNoSecret() {
        assertThatThrownBy(() -> notifier("wrong").send(List.of(alert("A-1", Severity.HIGH))))
                .isInstanceOf(NotifyException.class)
                .hasMessage("email:risk: SMTP authentication failed")
                .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
    }

    @Test
    void aServerThatIsDownIsRetried() {
        mail.stop();
        assertThatThrownBy(() -> notifier("s3cret").send(List.of(alert("A-1", Severity.HIGH))))
                .isInstanceOf(NotifyException.class)
                .satisfies(e -> assertThat(((NotifyException) e).retryable()).isTrue());
        mail.start();
    }
}
