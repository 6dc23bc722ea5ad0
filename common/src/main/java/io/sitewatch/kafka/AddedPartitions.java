package io.sitewatch.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Partitions added to a topic that a group-less consumer reads whole. Such a consumer assigns the partitions it
 * finds at start, and nothing tells it when the topic gains more: the records written there would never be read.
 * Call {@link #assign} every {@code every}, with the consumer's metadata refreshed as often ({@link #refreshEvery}).
 */
public final class AddedPartitions {
    private AddedPartitions() {
    }

    /** Has the consumer refresh its metadata every {@code every}, so that {@link #assign} sees new partitions. */
    public static void refreshEvery(Properties consumer, Duration every) {
        consumer.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Long.toString(every.toMillis()));
    }

    /**
     * Adds to the consumer's assignment the partitions of {@code topic} it does not have, positioned at their
     * beginning, and returns them (empty when there are none). The consumer's cached metadata is asked; a failure
     * to read it is left to the next call.
     */
    public static List<TopicPartition> assign(Consumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(1));
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            return List.of();
        }
        Set<TopicPartition> assigned = consumer.assignment();
        if (infos == null || infos.size() <= assigned.size()) {
            return List.of();
        }
        List<TopicPartition> added = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .filter(tp -> !assigned.contains(tp)).toList();
        if (added.isEmpty()) {
            return added;
        }
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(added);
        consumer.assign(all);
        consumer.seekToBeginning(added);
        return added;
    }
}
