package io.sitewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedKafkaExtensionIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void committedTransactionsAreVisibleAndAbortedOnesAreNot() {
        kafka.createTopic("tx-visibility", 3);
        Map<String, Object> props = kafka.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-visibility-producer");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-visibility", "site-a", "committed-1"));
            producer.send(new ProducerRecord<>("tx-visibility", "site-b", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-visibility", "site-a", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-visibility", "site-c", "committed-3"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = kafka.readAll("tx-visibility", TIMEOUT);

        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
    }

    @Test
    void openTransactionStaysInvisibleUntilCommitted() {
        kafka.createTopic("tx-open", 1);
        Map<String, Object> props = kafka.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-open-producer");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-open", "site", "pending"));
            producer.flush();

            assertThat(kafka.readAll("tx-open", TIMEOUT)).isEmpty();

            producer.commitTransaction();
        }

        assertThat(kafka.readAll("tx-open", TIMEOUT)).extracting(ConsumerRecord::value).containsExactly("pending");
    }

    @Test
    void idempotentProducerAndGroupConsumerRoundTrip() {
        kafka.createTopics(4, "round-trip");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("round-trip", "site-" + (i % 10), "m" + i));
            }
        }

        int received = 0;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.consumerProps("round-trip-group"))) {
            consumer.subscribe(List.of("round-trip"));
            while (received < 100 && System.nanoTime() < deadline) {
                received += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
        }

        assertThat(received).isEqualTo(100);
        assertThat(kafka.readAll("round-trip", TIMEOUT)).hasSize(100);
    }

    @Test
    void compactedTopicHasCompactCleanupPolicy() throws Exception {
        kafka.createCompactedTopic("compacted", 2);

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
        Config config = kafka.admin().describeConfigs(List.of(resource)).all().get().get(resource);
        TopicDescription description = kafka.admin().describeTopics(List.of("compacted"))
                .allTopicNames().get().get("compacted");

        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(description.partitions()).hasSize(2);
    }

    @Test
    void readAllRejectsUnknownTopic() {
        assertThatThrownBy(() -> kafka.readAll("no-such-topic", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-topic");
    }

    @Test
    void brokerIsReachableOnTheAdvertisedBootstrapAddress() {
        assertThat(kafka.isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).matches("[^,]+:\\d+");
    }
}
