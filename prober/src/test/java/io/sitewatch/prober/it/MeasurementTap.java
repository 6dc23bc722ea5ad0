package io.sitewatch.prober.it;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the measurements topic from the start in the background and answers questions about it. */
final class MeasurementTap implements AutoCloseable {
    record Seen(String key, Measurement m) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    MeasurementTap(KafkaSettings kafka, Topics topics, int partitions) {
        thread = new Thread(() -> {
            try (KafkaConsumer<String, Measurement> c = new KafkaConsumer<>(kafka.consumer(null, "it-tap"),
                    new StringDeserializer(), topics.measurements().valueSerde().deserializer())) {
                List<TopicPartition> parts = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    parts.add(new TopicPartition(topics.measurements().name(), p));
                }
                c.assign(parts);
                c.seekToBeginning(parts);
                while (running) {
                    for (ConsumerRecord<String, Measurement> r : c.poll(Duration.ofMillis(200))) {
                        seen.add(new Seen(r.key(), r.value()));
                    }
                }
            }
        }, "it-measurement-tap");
        thread.setDaemon(true);
        thread.start();
    }

    List<Measurement> since(Instant from) {
        return seen.stream().map(Seen::m).filter(m -> !m.time().isBefore(from)).toList();
    }

    List<Seen> all() {
        return List.copyOf(seen);
    }

    /** For each site measured at or after {@code from}: the probers that measured it. */
    Map<String, Set<String>> probersBySite(Instant from) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Measurement m : since(from)) {
            out.computeIfAbsent(m.site(), k -> new TreeSet<>()).add(m.prober());
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
