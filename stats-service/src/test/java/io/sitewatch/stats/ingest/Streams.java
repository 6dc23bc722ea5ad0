package io.sitewatch.stats.ingest;

import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Measurement;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Test helpers: produce measurements (and poison) the way probers do, read group offsets. */
public final class Streams {
    private Streams() {
    }

    /**
     * One request in flight: a partition the broker is still loading refuses the first batch
     * (NOT_LEADER_OR_FOLLOWER) and, with several in flight, a later batch lands first, after which the
     * idempotent producer retries the first with OUT_OF_ORDER_SEQUENCE_NUMBER until it expires.
     */
    public static Producer<byte[], byte[]> producer(String bootstrap) {
        java.util.Properties p = KafkaSettings.of(bootstrap).producer("test-producer");
        p.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(p);
    }

    /**
     * Waits until every partition of the measurements topic has a leader on the broker. Producing into a topic the
     * broker has not finished loading got NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE_NUMBER from the
     * idempotent producer, and lost a batch under load.
     */
    public static void awaitLeaders(Admin admin, Topics topics, int partitions) {
        String name = topics.measurements().name();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            var d = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
            return d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null
                    && !p.leader().isEmpty());
        });
    }

    /** Keyed by site, record timestamp = measurement time, as the probers publish; fails if a record is lost. */
    public static void send(Producer<byte[], byte[]> producer, Topics topics, List<Measurement> points) {
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>(points.size());
        for (Measurement m : points) {
            sent.add(producer.send(new ProducerRecord<>(topics.measurements().name(), null, m.time().toEpochMilli(),
                    m.site().getBytes(StandardCharsets.UTF_8), Json.writeBytes(m))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("a test measurement was not written to the topic", e);
            }
        }
    }

    static void sendRaw(Producer<byte[], byte[]> producer, Topics topics, String key, String value) {
        producer.send(new ProducerRecord<>(topics.measurements().name(), key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }

    static long committed(Admin admin, String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    public static long endOffsets(Admin admin, String topic, int partitions) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            query.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(query).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    }
}
