package io.sitewatch.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic, committed records only, with a group-less consumer.
 *
 * <p>{@code commitTransaction()} returns before the broker has written the commit markers into the data
 * partitions, so right after a commit the last stable offset can still be below the high watermark. The
 * reader therefore waits up to {@link #TRANSACTION_SETTLE} for in-flight transactions to finish before it
 * takes the end offsets; a transaction still open after that is left out.
 */
final class TopicReader {

    /** How long to wait for the last stable offsets to catch up with the high watermarks. */
    static final Duration TRANSACTION_SETTLE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final Admin admin;

    TopicReader(String bootstrapServers, Admin admin) {
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
    }

    List<ConsumerRecord<String, String>> readAll(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings())) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = settledEndOffsets(consumer, partitions, timeout);

            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (!reachedEnd(consumer, endOffsets)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("readAll(" + topic + "): end offsets " + endOffsets
                            + " not reached within " + timeout + "; read " + records.size() + " records");
                }
                consumer.poll(POLL).forEach(records::add);
            }
            records.sort(Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("readAll(" + topic + ") interrupted", e);
        }
    }

    private Map<String, Object> settings() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic,
                                                     Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("readAll(" + topic + "): no such topic");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /** The last stable offsets, once they equal the high watermarks or {@link #TRANSACTION_SETTLE} passed. */
    private Map<TopicPartition, Long> settledEndOffsets(KafkaConsumer<?, ?> consumer,
                                                        List<TopicPartition> partitions, Duration timeout)
            throws InterruptedException {
        long settleDeadline = System.nanoTime() + Math.min(TRANSACTION_SETTLE.toNanos(), timeout.toNanos());
        while (true) {
            Map<TopicPartition, Long> lastStable = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> highWatermarks = highWatermarks(partitions);
            boolean settled = lastStable.entrySet().stream()
                    .allMatch(end -> end.getValue() >= highWatermarks.getOrDefault(end.getKey(), 0L));
            if (settled || System.nanoTime() - settleDeadline > 0) {
                return lastStable;
            }
            Thread.sleep(20);
        }
    }

    private Map<TopicPartition, Long> highWatermarks(List<TopicPartition> partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
        try {
            return admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the high watermarks of " + partitions, e.getCause());
        }
    }

    /** Positions move past transaction markers too, so they reach the (last stable) end offsets. */
    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
