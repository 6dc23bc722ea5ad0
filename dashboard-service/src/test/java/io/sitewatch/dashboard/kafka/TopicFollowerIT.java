package io.sitewatch.dashboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The follower on a real broker: it reads every partition, including those added to the topic while it runs. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TopicFollowerIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension broker = new EmbeddedKafkaExtension();

    @Test
    void recordsOnPartitionsAddedWhileFollowingAreRead() throws Exception {
        String topic = "follower-growth.alerts";
        broker.createTopic(topic, 1);
        KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
        List<String> seen = new CopyOnWriteArrayList<>();
        TopicFollower<String> follower = new TopicFollower<>(kafka, topic, "it-follower", new StringDeserializer(),
                (key, value) -> seen.add(key + "=" + value), () -> { }, Duration.ofSeconds(1));
        Thread thread = new Thread(follower, "it-follower");
        thread.start();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producer("it-producer"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "before", "1")).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("before=1"));
            assertThat(follower.caughtUp()).isTrue();

            broker.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 1, "grown-1", "2")).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 2, "grown-2", "3")).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 0, "after", "4")).get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(seen).contains("grown-1=2", "grown-2=3", "after=4"));
            assertThat(seen).as("each record once").hasSize(4).doesNotHaveDuplicates();
        } finally {
            follower.close();
            thread.join(10_000);
        }
    }
}
