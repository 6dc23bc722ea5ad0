package io.sitewatch.prober;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import java.time.Duration;

/**
 * How a prober runs.
 *
 * @param kafka           broker and client properties
 * @param topics          topic names (prefix)
 * @param region          the region this prober checks for; probers of a region share the targets
 * @param proberId        this instance's name, stamped on its measurements
 * @param maxConcurrency  checks running at once, at most (worker threads)
 * @param maxBodyBytes    body bytes read per check, at most
 * @param bufferSize      measurements held while the broker is unreachable, at most
 * @param topicPartitions partitions of the topics when this prober creates them
 * @param topicReplication replication factor of the topics when this prober creates them
 * @param shutdownGrace   how long shutdown waits for in-flight checks and for the producer to flush
 */
public record ProberSettings(
        KafkaSettings kafka,
        Topics topics,
        String region,
        String proberId,
        int maxConcurrency,
        long maxBodyBytes,
        int bufferSize,
        int topicPartitions,
        short topicReplication,
        Duration shutdownGrace) {

    public ProberSettings {
        if (region == null || !Target.REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must be " + Target.REGION_RULE + ", was \"" + region + "\"");
        }
        if (proberId == null || proberId.isBlank()) {
            throw new IllegalArgumentException("prober id must not be empty");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("max concurrency must be at least 1, was " + maxConcurrency);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body must be at least 1 byte, was " + maxBodyBytes);
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer size must be at least 1, was " + bufferSize);
        }
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("topic partitions must be at least 1, was " + topicPartitions);
        }
        if (topicReplication < 1) {
            throw new IllegalArgumentException("topic replication must be at least 1, was " + topicReplication);
        }
    }

    /** Defaults for everything but the broker, region and id. */
    public static ProberSettings of(KafkaSettings kafka, Topics topics, String region, String proberId) {
        return new ProberSettings(kafka, topics, region, proberId, 256, 1024 * 1024, 100_000, Topics.DEFAULT_PARTITIONS,
                (short) 1, Duration.ofSeconds(30));
    }

    public ProberSettings withMaxConcurrency(int n) {
        return new ProberSettings(kafka, topics, region, proberId, n, maxBodyBytes, bufferSize, topicPartitions,
                topicReplication, shutdownGrace);
    }
}
