package io.riskwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.riskwatch.config.ConfigLoader;
import io.riskwatch.config.KafkaSettings;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.junit.jupiter.api.Test;

/** What the live environment is configured with, before any job runs. */
class LiveJobEnvironmentTest {
    private static ReadableConfig conf(KafkaSettings live) {
        return JobEnvironment.live(1, live).getConfiguration();
    }

    @Test
    void anEmbeddedRunWithoutACheckpointDirCheckpointsToLocalDiskNotTheJobManagersMemory() {
        KafkaSettings live = ConfigLoader.defaults().kafka();
        assertThat(live.checkpointDir()).isNull();
        assertThat(conf(live).get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .startsWith("file:/")
                .endsWith("/riskwatch-checkpoints");
        KafkaSettings configured = live.withState("file:///var/lib/riskwatch/checkpoints", KafkaSettings.HASHMAP);
        assertThat(conf(configured).get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///var/lib/riskwatch/checkpoints");
    }

    @Test
    void watermarkIntervalAndBufferTimeoutComeFromTheSettings() {
        ReadableConfig c = conf(ConfigLoader.defaults().kafka());
        assertThat(c.get(PipelineOptions.AUTO_WATERMARK_INTERVAL)).isEqualTo(Duration.ofMillis(10));
        assertThat(c.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(5));
    }
}
