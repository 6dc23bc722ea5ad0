package io.sitewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The extension used without JUnit's lifecycle, as a benchmark's {@code main} would use it. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedKafkaManualLifecycleIT {

    @Test
    void startAndCloseByHand() throws Exception {
        EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
        assertThatThrownBy(kafka::bootstrapServers).isInstanceOf(IllegalStateException.class);

        try (kafka) {
            kafka.start();
            kafka.start(); // idempotent
            kafka.createTopic("manual", 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProps())) {
                producer.send(new ProducerRecord<>("manual", "k", "v")).get();
            }
            assertThat(kafka.readAll("manual", Duration.ofSeconds(30))).hasSize(1);
        }

        assertThat(kafka.isRunning()).isFalse();
        kafka.close(); // idempotent
    }
}
