package io.sitewatch.prober.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Measurement;
import io.sitewatch.prober.publish.MeasurementPublisher;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The publisher on a real broker: keyed by site, flushed on close; bounded while the broker is unreachable. */
@Timeout(120)
class MeasurementPublisherIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static Measurement measurement(String site, int i) {
        return new Measurement("m-" + site + "-" + i, site, "http://127.0.0.1/" + site, "p1", "it",
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), true, 200, 1.5, 1.0, null, 0.2, null, 2L, null);
    }

    @Test
    void publishesKeyedBySiteAndFlushesOnClose() throws Exception {
        Topics topics = new Topics("it-publish");
        kafka.createTopics(topics.all().stream().map(s -> s.newTopic(3, (short) 1)).toList());
        KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers());
        MeasurementPublisher publisher = MeasurementPublisher.create(ks, topics, "it-publisher", 10_000,
                new SimpleMeterRegistry());
        for (int i = 0; i < 1_000; i++) {
            publisher.publish(measurement("site-" + (i % 7), i));
        }
        publisher.close(Duration.ofSeconds(30)); // flushes
        assertThat(publisher.sent()).isEqualTo(1_000);
        try (MeasurementTap tap = new MeasurementTap(ks, topics, 3)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> tap.all().size() == 1_000);
            assertThat(tap.all()).allSatisfy(s -> assertThat(s.key()).isEqualTo(s.m().site()));
            Map<String, Long> perSite = tap.all().stream()
                    .collect(Collectors.groupingBy(MeasurementTap.Seen::key, Collectors.counting()));
            assertThat(perSite).hasSize(7);
        }
    }

    @Test
    void whileTheBrokerIsUnreachableTheBufferIsBoundedAndTheOldestAreDropped() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeasurementPublisher publisher = MeasurementPublisher.create(KafkaSettings.of("127.0.0.1:" + deadPort),
                new Topics("it-dead"), "it-dead", 100, registry);
        for (int i = 0; i < 250; i++) {
            publisher.publish(measurement("site", i));
        }
        // Nothing is lost silently: every measurement is buffered (at most 100), in the producer awaiting delivery,
        // or dropped and counted; the oldest go first.
        assertThat(publisher.buffered()).isLessThanOrEqualTo(100);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            double inFlight = registry.get("sitewatch.publish.in.flight").gauge().value();
            assertThat(publisher.buffered()).isEqualTo(100);
            assertThat(publisher.dropped() + publisher.buffered() + (long) inFlight).isEqualTo(250);
        });
        assertThat(registry.get("sitewatch.publish.dropped").functionCounter().count())
                .isEqualTo((double) publisher.dropped()).isGreaterThanOrEqualTo(50.0);
        long t0 = System.nanoTime();
        publisher.close(Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(publisher.sent()).isZero();
    }

    /**
     * The prober said every 5 s that the broker was unreachable, and nothing when it was back: the warnings just
     * stopped. Metadata that does not come (a topic that does not exist, auto-creation off) takes the same path as a
     * stopped broker; once the topic is there the buffered measurements go out and that is said once.
     */
    @Test
    void whenTheBrokerIsBackThatIsLoggedOnce() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(MeasurementPublisher.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // this module's tests log io.sitewatch at WARN
        EmbeddedKafkaExtension broker = new EmbeddedKafkaExtension(Map.of("auto.create.topics.enable", "false"));
        try (broker) {
            broker.start();
            Topics topics = new Topics("it-late");
            MeasurementPublisher publisher = MeasurementPublisher.create(KafkaSettings.of(broker.bootstrapServers()),
                    topics, "it-late", 1_000, new SimpleMeterRegistry());
            for (int i = 0; i < 20; i++) {
                publisher.publish(measurement("site", i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(logged).stream()
                    .anyMatch(m -> m.startsWith("event=publish_broker_unreachable")));
            assertThat(messages(logged)).noneMatch(m -> m.startsWith("event=publish_resumed"));

            broker.createTopics(topics.all().stream().map(s -> s.newTopic(3, (short) 1)).toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.sent() == 20);
            publisher.close(Duration.ofSeconds(10));
            assertThat(messages(logged)).filteredOn(m -> m.startsWith("event=publish_resumed")).hasSize(1);
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
    }

    private static java.util.List<String> messages(ListAppender<ILoggingEvent> logged) {
        synchronized (logged) { // the appender adds under its own lock
            return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
