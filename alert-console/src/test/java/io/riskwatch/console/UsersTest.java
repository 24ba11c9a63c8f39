package io.riskwatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("users.yaml"), yaml);
    }

    @Test
    void aHashMatchesItsPasswordOnlyAndEachHashHasItsOwnSalt() {
        String a = PasswordHash.hash("s3cret-pass".toCharArray(), 10_000);
        String b = PasswordHash.hash("s3cret-pass".toCharArray(), 10_000);
        assertThat(a).startsWith("pbkdf2-sha256$10000$").isNotEqualTo(b);
        assertThat(PasswordHash.matches("s3cret-pass".toCharArray(), a)).isTrue();
        assertThat(PasswordHash.matches("s3cret-pasS".toCharArray(), a)).isFalse();
        assertThat(PasswordHash.matches("s3cret-pass".toCharArray(), "s3cret-pass"))
                .isFalse();
        assertThat(PasswordHash.matches("x".toCharArray(), "pbkdf2-sha256$10000$!!$!!"))
                .isFalse();
    }

    @Test
    void loadsRolesAndBrokers() throws Exception {
        String h = PasswordHash.hash("password-1".toCharArray(), 10_000);
        Users u = Users.load(file("users:\n  - {name: r, role: RISK, password: '" + h + "'}\n"
                + "  - {name: b, role: BROKER, brokerId: B7, password: '" + h + "'}\n"));
        assertThat(u.find("r").role()).isEqualTo(Users.Role.RISK);
        assertThat(u.find("b").brokerId()).isEqualTo("B7");
        assertThat(u.trustedHeader()).isNull();
        assertThat(u.find("nobody")).isNull();
    }

    @Test
    void aBrokerMaySeeOnlyTheBrokerAlertsOfTheirOwnClients() {
        Users.User broker = new Users.User("b", Users.Role.BROKER, "B7", null);
        Users.User risk = new Users.User("r", Users.Role.RISK, null, null);
        Map<String, String> own = Map.of("audience", "BROKER", "brokerId", "B7");
        Map<String, String> other = Map.of("audience", "BROKER", "brokerId", "B8");
        Map<String, String> riskOnly = Map.of("audience", "RISK", "brokerId", "B7");
        assertThat(broker.maySee(own)).isTrue();
        assertThat(broker.maySee(other)).isFalse();
        assertThat(broker.maySee(riskOnly)).isFalse();
        assertThat(risk.maySee(other)).isTrue();
        assertThat(risk.maySee(riskOnly)).isTrue();
    }

    @Test
    void mistakesAreNamedWithTheFileAndTheUser() throws Exception {
        assertThatThrownBy(() ->
                        Users.load(file("users:\n  - {name: b, role: BROKER, password: 'pbkdf2-sha256$1$a$b'}\n")))
                .hasMessageContaining("user b: a BROKER needs a brokerId");
        assertThatThrownBy(() -> Users.load(file("users:\n  - {name: r, role: RISK, password: hunter2}\n")))
                .hasMessageContaining("user r: password must be a hash");
        assertThatThrownBy(
                        () -> Users.load(file("users:\n  - {name: r, role: ADMIN, password: 'pbkdf2-sha256$1$a$b'}\n")))
                .hasMessageContaining("role must be RISK, RISK_ADMIN or BROKER, got 'ADMIN'");
        assertThatThrownBy(() -> Users.load(file("users:\n  - {name: r, role: RISK}\n")))
                .hasMessageContaining("no password, and no trustedHeader");
        assertThatThrownBy(() -> Users.load(file("users:\n  - {name: r, role: RISK, password: 'pbkdf2-sha256$1$a$b'}\n"
                        + "  - {name: r, role: RISK, password: 'pbkdf2-sha256$1$a$b'}\n")))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Users.load(file("users: []\n"))).hasMessageContaining("no users");
        // with a trusted proxy header, users need no password
        assertThat(Users.load(file("trustedHeader: X-User\nusers:\n  - {name: r, role: RISK}\n"))
                        .trustedHeader())
                .isEqualTo("X-User");
    }

    @Test
    void theShippedExampleLoads() {
        Users u = Users.load(Path.of("../config/console-users.example.yaml"));
        assertThat(u.byName()).hasSize(4);
        assertThat(u.find("wang.broker").brokerId()).isEqualTo("B001");
        assertThat(u.find("sun.admin").role()).isEqualTo(Users.Role.RISK_ADMIN);
        assertThat(u.find("sun.admin").isRisk()).isTrue();
    }
}
