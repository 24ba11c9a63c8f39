package io.riskwatch.sink.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 26, defect 6: no form of a user or password in the Redis URI gets through, and none is repeated. */
class RedisConnectionsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://S3cr3t@127.0.0.1:6379/0",
                "redis://default%3AS3cr3t@127.0.0.1:6379/0",
                "redis://:S3cr3t@127.0.0.1:6379/0",
                "redis://default:S3cr3t@127.0.0.1:6379/0",
                "rediss://S3cr3t@redis.internal/0",
                "redis://S3cr3t@@127.0.0.1/0",
            })
    void aUriWithAUserOrPasswordIsRefusedWithoutRepeatingIt(String uri) {
        assertThatThrownBy(() -> RedisConnections.checkUri(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment variable")
                .hasMessageNotContaining("S3cr3t");
        assertThatThrownBy(() -> RedisAlertSink.builder().uri(uri).build()).hasMessageNotContaining("S3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://S3cr3t@127.0.0.1", "S3cr3t", "redis://S3 cr3t", "redis:///0"})
    void aMalformedUriIsRefusedWithoutRepeatingIt(String uri) {
        assertThatThrownBy(() -> RedisConnections.checkUri(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("S3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://127.0.0.1:6379/0", "rediss://redis.internal:6380/2", "redis://localhost"})
    void aPlainUriPasses(String uri) {
        assertThatCode(() -> RedisConnections.checkUri(uri)).doesNotThrowAnyException();
    }

    @Test
    void aUriIsShownWithItsHostPortAndDatabaseOnly() {
        assertThat(RedisConnections.display("redis://127.0.0.1:6379/0?clientName=S3cr3t#S3cr3t"))
                .isEqualTo("redis://127.0.0.1:6379/0");
        assertThat(RedisConnections.display("rediss://redis.internal:6380/2"))
                .isEqualTo("rediss://redis.internal:6380/2");
        assertThat(RedisConnections.display("redis://localhost")).isEqualTo("redis://localhost:6379/0");
        assertThat(RedisConnections.where("redis://localhost:6390/3")).isEqualTo("localhost:6390");
    }
}
