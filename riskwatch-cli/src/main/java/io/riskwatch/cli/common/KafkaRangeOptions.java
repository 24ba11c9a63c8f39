package io.riskwatch.cli.common;

import io.riskwatch.config.JobSettings;
import io.riskwatch.config.KafkaSettings;
import io.riskwatch.source.kafka.KafkaInput;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --from-kafka BOOTSTRAP [--start TIME] [--end TIME]}: a time range of the Kafka input topics instead of
 * files, for the commands that read history ({@code replay}, {@code backtest}).
 */
public final class KafkaRangeOptions {
    @Option(
            names = "--from-kafka",
            paramLabel = "BOOTSTRAP",
            description = "read the input topics of the config file from this Kafka cluster instead of files")
    public String fromKafka;

    @Option(
            names = "--start",
            paramLabel = "TIME",
            description = "with --from-kafka: each partition from its first record at or after TIME (Kafka record "
                    + "time; ISO-8601, e.g. 2026-11-20T09:30:00+08:00, or local to time.tradingDayZone); default: "
                    + "the earliest")
    public String start;

    @Option(
            names = "--end",
            paramLabel = "TIME",
            description = "with --from-kafka: up to (not including) the first record at or after TIME; default: "
                    + "what the topics hold when the run starts")
    public String end;

    /**
     * The Kafka range to read, or null for the files given; unusable combinations are named.
     *
     * @param purpose names the consumer group ({@code <groupId>-<purpose>}), which commits nothing: production
     *     offsets stay as they are
     */
    public KafkaInput input(JobSettings settings, List<String> inputs, String purpose) {
        if (fromKafka == null) {
            if (start != null || end != null) {
                throw new IllegalArgumentException("--start and --end need --from-kafka");
            }
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("give INPUT files or folders, or --from-kafka BOOTSTRAP");
            }
            return null;
        }
        if (!inputs.isEmpty()) {
            throw new IllegalArgumentException(
                    "--from-kafka replaces INPUT; give one or the other, not both: " + inputs);
        }
        Long from = start == null ? null : millis("--start", start, settings);
        Long to = end == null ? null : millis("--end", end, settings);
        if (from != null && to != null && from >= to) {
            throw new IllegalArgumentException("--start " + start + " is not before --end " + end);
        }
        KafkaSettings k = settings.kafka();
        return KafkaInput.range(fromKafka, k.inputTopics(), k.groupId() + "-" + purpose, k.properties(), from, to);
    }

    /** The range in words, for a report: {@code Kafka 127.0.0.1:9092 riskwatch.funds, ... from START to END}. */
    public String describe(KafkaInput kafka) {
        return "Kafka " + fromKafka + " " + String.join(", ", kafka.topics()) + " from "
                + (start == null ? "the earliest" : start) + " to "
                + (end == null ? "what they held at the start" : end);
    }

    /** The records a Kafka range holds now, or 0 (no percentage) when the broker does not say. */
    public static long plannedRecords(KafkaInput kafka) {
        try {
            return kafka.plannedRecords(Duration.ofSeconds(30));
        } catch (Exception e) {
            // the run itself names an unreachable broker; the progress line just shows no percentage
            return 0;
        }
    }

    /** ISO-8601 with an offset, or a local date-time in the trading-day zone. */
    public static long millis(String option, String text, JobSettings settings) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(text)
                        .atZone(settings.zone())
                        .toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException local) {
                throw new IllegalArgumentException(option + " " + text + ": not a time; e.g. "
                        + "2026-11-20T09:30:00+08:00 or 2026-11-20T09:30 (in " + settings.tradingDayZone() + ")");
            }
        }
    }
}
