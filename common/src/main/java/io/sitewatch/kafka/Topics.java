package io.sitewatch.kafka;

import io.sitewatch.json.JsonSerde;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of sitewatch, each paired with its serdes and its topic configuration, in one place.
 * Names are {@code {prefix}.targets} etc.; the default prefix is {@code sitewatch}.
 */
public final class Topics {
    public static final String DEFAULT_PREFIX = "sitewatch";
    public static final int DEFAULT_PARTITIONS = 12;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** A topic with its key and value serdes and the configs it is created with. */
    public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {
        public NewTopic newTopic(int partitions, short replication) {
            return new NewTopic(name, partitions, replication).configs(configs);
        }
    }

    private final String prefix;
    private final TopicSpec<String, Target> targets;
    private final TopicSpec<String, Measurement> measurements;
    private final TopicSpec<String, Alert> alerts;
    private final TopicSpec<String, byte[]> measurementsDlq;

    public Topics(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix must be letters, digits, '.', '_' or '-', was \"" + prefix + "\"");
        }
        this.prefix = prefix;
        Serde<String> keys = Serdes.String();
        targets = new TopicSpec<>(prefix + ".targets", keys, new JsonSerde<>(Target.class),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        measurements = new TopicSpec<>(prefix + ".measurements", keys, new JsonSerde<>(Measurement.class),
                Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(2).toMillis())));
        alerts = new TopicSpec<>(prefix + ".alerts", keys, new JsonSerde<>(Alert.class),
                Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(90).toMillis())));
        measurementsDlq = new TopicSpec<>(prefix + ".measurements.dlq", keys, Serdes.ByteArray(),
                Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(14).toMillis())));
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    /** Compacted registry of targets; tombstone = removed. */
    public TopicSpec<String, Target> targets() {
        return targets;
    }

    /** One record per check; retention two days. */
    public TopicSpec<String, Measurement> measurements() {
        return measurements;
    }

    /** The alert history. */
    public TopicSpec<String, Alert> alerts() {
        return alerts;
    }

    /** Poison measurement records: original key and bytes, the error in headers. */
    public TopicSpec<String, byte[]> measurementsDlq() {
        return measurementsDlq;
    }

    public List<TopicSpec<String, ?>> all() {
        return List.of(targets, measurements, alerts, measurementsDlq);
    }

    /** Creates the topics that do not exist yet; existing topics are left as they are. */
    public void ensureCreated(Admin admin, int partitions, short replication) {
        for (TopicSpec<String, ?> spec : all()) {
            try {
                admin.createTopics(List.of(spec.newTopic(partitions, replication))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + spec.name() + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + spec.name(), e);
            }
        }
    }
}
