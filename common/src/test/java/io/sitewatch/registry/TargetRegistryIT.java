package io.sitewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TargetRegistryIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void reconcilesTheCompactedTopicWithTheDesiredSet() {
        Topics topics = new Topics("reg");
        topics.ensureCreated(kafka.admin(), 3, (short) 1);
        TargetRegistry registry = new TargetRegistry(KafkaSettings.of(kafka.bootstrapServers()), topics, T);
        Target a = Target.of("a", "https://a.example", Duration.ofSeconds(10));
        Target b = Target.of("b", "https://b.example", Duration.ofSeconds(10));
        Target c = Target.of("c", "https://c.example", Duration.ofSeconds(10));

        var first = registry.apply(List.of(a, b));
        assertThat(first.added()).containsExactly("a", "b");
        assertThat(first.changedAnything()).isTrue();
        int recordsAfterFirst = kafka.readAll(topics.targets().name(), T).size();
        assertThat(recordsAfterFirst).isEqualTo(2);

        var same = registry.apply(List.of(b, a));
        assertThat(same.changedAnything()).isFalse();
        assertThat(same.unchanged()).containsExactly("a", "b");
        assertThat(kafka.readAll(topics.targets().name(), T)).hasSize(recordsAfterFirst);

        Target a2 = Target.of("a", "https://a.example", Duration.ofSeconds(30));
        var changed = registry.apply(List.of(a2, c));
        assertThat(changed.added()).containsExactly("c");
        assertThat(changed.updated()).containsExactly("a");
        assertThat(changed.removed()).containsExactly("b");

        var records = kafka.readAll(topics.targets().name(), T);
        assertThat(records).hasSize(5);
        assertThat(records.stream().filter(r -> r.key().equals("b")).reduce((x, y) -> y).orElseThrow().value())
                .as("b is removed with a tombstone").isNull();
        assertThat(registry.current()).containsOnlyKeys("a", "c");
        assertThat(registry.current().get("a").interval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRecordThatIsNotATargetIsReplacedOrRemovedInsteadOfStoppingEveryRead() throws Exception {
        // written by hand, or by a newer version: it used to fail every apply and list ("Error deserializing VALUE
        // for partition ... please seek past the record"), so the tool meant to repair the topic could not
        Topics topics = new Topics("junk");
        topics.ensureCreated(kafka.admin(), 3, (short) 1);
        TargetRegistry registry = new TargetRegistry(KafkaSettings.of(kafka.bootstrapServers()), topics, T);
        Target a = Target.of("a", "https://a.example", Duration.ofSeconds(10));
        registry.apply(List.of(a));
        try (var producer = new KafkaProducer<String, String>(EmbeddedKafkaExtension.asProperties(kafka.producerProps()))) {
            producer.send(new ProducerRecord<>(topics.targets().name(), "junk", "{\"not\": \"a target\"}")).get();
            producer.send(new ProducerRecord<>(topics.targets().name(), "b", "{\"id\": \"b\", \"url\": 42}")).get();
        }

        var snapshot = registry.snapshot();
        assertThat(snapshot.targets()).containsOnlyKeys("a");
        assertThat(snapshot.unreadable()).containsOnlyKeys("junk", "b");

        Target b = Target.of("b", "https://b.example", Duration.ofSeconds(10));
        var result = registry.apply(List.of(a, b));
        assertThat(result.unchanged()).containsExactly("a");
        assertThat(result.updated()).as("b's unreadable record is replaced").containsExactly("b");
        assertThat(result.removed()).as("junk is tombstoned").containsExactly("junk");
        assertThat(registry.snapshot()).isEqualTo(new TargetRegistry.Snapshot(Map.of("a", a, "b", b), Map.of()));
        assertThat(registry.apply(List.of(a, b)).changedAnything()).isFalse();
    }

    @Test
    void aTargetWrittenThroughTheApiIsKeptUnlessTheFileNamesItOrPruningIsAsked() {
        Topics topics = new Topics("api");
        topics.ensureCreated(kafka.admin(), 3, (short) 1);
        TargetRegistry registry = new TargetRegistry(KafkaSettings.of(kafka.bootstrapServers()), topics, T);
        Target a = Target.of("a", "https://a.example", Duration.ofSeconds(10));
        registry.apply(List.of(a));
        registry.put(Target.of("x", "https://x.example", Duration.ofSeconds(10)).fromApi());
        registry.put(Target.of("y", "https://y.example", Duration.ofSeconds(10)).fromApi());

        var keep = registry.apply(List.of(a));
        assertThat(keep.kept()).containsExactly("x", "y");
        assertThat(keep.removed()).isEmpty();
        assertThat(keep.changedAnything()).isFalse();

        Target yFromFile = Target.of("y", "https://y.example", Duration.ofSeconds(30));
        var takeOver = registry.apply(List.of(a, yFromFile));
        assertThat(takeOver.updated()).as("the file takes y over").containsExactly("y");
        assertThat(takeOver.kept()).containsExactly("x");
        assertThat(registry.current().get("y").source()).isNull();

        var pruned = registry.apply(List.of(a), true);
        assertThat(pruned.removed()).containsExactly("x", "y");
        assertThat(pruned.kept()).isEmpty();
        assertThat(registry.current()).containsOnlyKeys("a");
    }
}
