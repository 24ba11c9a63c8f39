package io.riskwatch.sink.notify;

import io.riskwatch.alert.Alert;
import io.riskwatch.alert.Severity;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * E-mail over SMTP with Jakarta Mail (Angus): one plain-text message per batch, the same digest the robots get.
 * Retried: connection failures, timeouts and 4xx (transient) SMTP replies; final: authentication failures,
 * rejected addresses and 5xx replies.
 */
public final class EmailNotifier implements Notifier {
    /** How the connection is protected. */
    public enum Security {
        NONE,
        STARTTLS,
        TLS
    }

    static final int MAX_BODY_BYTES = 200_000;
    private final String channel;
    private final Session session;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final InternetAddress from;
    private final InternetAddress[] to;

    /** @param username null when the server takes mail without AUTH; @param password from a secret, never logged */
    public EmailNotifier(
            String name,
            String host,
            int port,
            Security security,
            String username,
            String password,
            String from,
            List<String> to,
            Duration timeout) {
        this.channel = "email:" + name;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        if (to.isEmpty()) {
            throw new IllegalArgumentException(channel + ": no recipients");
        }
        try {
            this.from = new InternetAddress(from, true);
            this.to = InternetAddress.parse(String.join(",", to), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(channel + ": bad address: " + e.getMessage());
        }
        String t = Long.toString(timeout.toMillis());
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.connectiontimeout", t);
        p.setProperty("mail.smtp.timeout", t);
        p.setProperty("mail.smtp.writetimeout", t);
        p.setProperty("mail.smtp.auth", Boolean.toString(username != null));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        switch (security) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
            }
            case TLS -> p.setProperty("mail.smtp.ssl.enable", "true");
            case NONE -> {}
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public String channel() {
        return channel;
    }

    /** The subject: how many alerts and the highest severity among them. */
    static String subject(List<Alert> alerts) {
        Severity top = alerts.stream()
                .map(Alert::severity)
                .max(Comparator.naturalOrder())
                .orElse(Severity.LOW);
        return "[riskwatch] " + Markdown.title(alerts).substring("riskwatch: ".length()) + ", highest " + top;
    }

    @Override
    public void send(List<Alert> alerts) throws NotifyException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipients(Message.RecipientType.TO, to);
            m.setSubject(subject(alerts), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            m.setText(Markdown.digest(alerts, MAX_BODY_BYTES), StandardCharsets.UTF_8.name(), "plain");
            try (Transport t = session.getTransport()) {
                t.connect(host, port, username, password);
                t.sendMessage(m, m.getAllRecipients());
            }
        } catch (AuthenticationFailedException e) {
            throw new NotifyException(channel + ": SMTP authentication failed", false, null, e);
        } catch (SMTPSendFailedException e) {
            int code = e.getReturnCode();
            throw new NotifyException(
                    channel + ": SMTP " + code + " " + oneLine(e.getMessage()), code >= 400 && code < 500, null, e);
        } catch (SendFailedException e) {
            throw new NotifyException(channel + ": recipients rejected: " + oneLine(e.getMessage()), false, null, e);
        } catch (MessagingException e) {
            // connection refused, timeouts, TLS handshake: the server may come back
            boolean io = e.getCause() instanceof IOException || e.getNextException() instanceof IOException;
            throw new NotifyException(channel + ": " + oneLine(e.getMessage()), io, null, e);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
