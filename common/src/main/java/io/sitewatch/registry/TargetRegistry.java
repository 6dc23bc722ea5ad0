package io.sitewatch.registry;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import io.sitewatch.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry of what to probe: the compacted targets topic. Reads its current state and reconciles it with a
 * desired set of targets, writing only what changed (upserts, and tombstones for removed sites).
 *
 * <p>A record that does not read as a {@link Target} (written by hand, or by a newer version) is kept aside as
 * unreadable rather than stopping the read: {@link #apply} then replaces it (its id is in the file) or tombstones it
 * (it is not), so {@code targets apply} is also the way to repair the topic.
 *
 * <p>The file and the dashboard API share the topic. {@link #apply} owns what came from a file: a target written
 * through the API (source {@code "api"}) is kept when the file does not name it, unless the caller prunes them
 * too, so a restart of standalone or a re-run of {@code targets apply} does not silently stop probing sites a user
 * added on the dashboard. A file that names the same id takes the target over.
 */
public final class TargetRegistry {
    private final KafkaSettings kafka;
    private final Topics topics;
    private final Duration timeout;

    public TargetRegistry(KafkaSettings kafka, Topics topics, Duration timeout) {
        this.kafka = Objects.requireNonNull(kafka);
        this.topics = Objects.requireNonNull(topics);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /**
     * What {@link #apply} did; {@code kept} are the targets written through the API that the file does not name,
     * left as they are.
     */
    public record ApplyResult(List<String> added, List<String> updated, List<String> removed, List<String> unchanged,
                              List<String> kept) {
        public boolean changedAnything() {
            return !added.isEmpty() || !updated.isEmpty() || !removed.isEmpty();
        }
    }

    /**
     * The topic's state: the targets by id, and the ids whose latest record does not read as a target, with why.
     */
    public record Snapshot(Map<String, Target> targets, Map<String, String> unreadable) {
    }

    /** The targets now on the topic, by id, read to its end (read_committed); unreadable records are left out. */
    public Map<String, Target> current() {
        return snapshot().targets();
    }

    /** The topic read to its end (read_committed). */
    public Snapshot snapshot() {
        Map<String, Target> state = new TreeMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        var values = topics.targets().valueSerde().deserializer();
        var props = kafka.consumer(null, "sitewatch-registry-reader");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topics.targets().name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topics.targets().name() + " does not exist; create the "
                        + "topics first (the services create them on start)");
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out after " + Durations.format(timeout) + " reading "
                            + topics.targets().name());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue; // not addressable: nothing can replace or remove it, and no prober reads it
                    }
                    state.remove(r.key());
                    unreadable.remove(r.key());
                    if (r.value() != null) {
                        try {
                            state.put(r.key(), values.deserialize(r.topic(), r.value()));
                        } catch (RuntimeException e) {
                            unreadable.put(r.key(), e.getMessage());
                        }
                    }
                }
            }
        }
        return new Snapshot(state, unreadable);
    }

    /** {@link #apply(List, boolean)} keeping the targets written through the API. */
    public ApplyResult apply(List<Target> desired) {
        return apply(desired, false);
    }

    /**
     * Makes the topic hold {@code desired}: upserts changed targets, tombstones the others, except the targets written
     * through the API, which are kept unless {@code pruneApiTargets}.
     */
    public ApplyResult apply(List<Target> desired, boolean pruneApiTargets) {
        Snapshot snapshot = snapshot();
        Map<String, Target> now = snapshot.targets();
        Map<String, Target> want = new TreeMap<>();
        desired.forEach(t -> want.put(t.id(), t));
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<ProducerRecord<String, Target>> writes = new ArrayList<>();
        String topic = topics.targets().name();
        want.forEach((id, t) -> {
            Target old = now.get(id);
            if (snapshot.unreadable().containsKey(id)) {
                updated.add(id); // its record did not read as a target: this one replaces it
                writes.add(new ProducerRecord<>(topic, id, t));
            } else if (old == null) {
                added.add(id);
                writes.add(new ProducerRecord<>(topic, id, t));
            } else if (!old.equals(t)) {
                updated.add(id);
                writes.add(new ProducerRecord<>(topic, id, t));
            } else {
                unchanged.add(id);
            }
        });
        java.util.Set<String> present = new java.util.TreeSet<>(now.keySet());
        present.addAll(snapshot.unreadable().keySet());
        present.stream().filter(id -> !want.containsKey(id)).forEach(id -> {
            Target old = now.get(id);
            if (!pruneApiTargets && old != null && Target.SOURCE_API.equals(old.source())) {
                kept.add(id);
                return;
            }
            removed.add(id);
            writes.add(new ProducerRecord<>(topic, id, null));
        });
        send(writes);
        return new ApplyResult(added, updated, removed, unchanged, kept);
    }

    /** Adds or replaces one target. */
    public void put(Target target) {
        send(List.of(new ProducerRecord<>(topics.targets().name(), target.id(), target)));
    }

    /** Removes one target (a tombstone). */
    public void remove(String id) {
        send(List.of(new ProducerRecord<>(topics.targets().name(), id, null)));
    }

    private void send(List<ProducerRecord<String, Target>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try (KafkaProducer<String, Target> producer = new KafkaProducer<>(kafka.producer("sitewatch-registry-writer"),
                new StringSerializer(), topics.targets().valueSerde().serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            writes.forEach(w -> sent.add(producer.send(w)));
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topics.targets().name() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + Durations.format(timeout) + " writing to "
                    + topics.targets().name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing to " + topics.targets().name(), e);
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
