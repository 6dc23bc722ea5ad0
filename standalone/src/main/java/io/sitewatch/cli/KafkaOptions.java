package io.sitewatch.cli;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import picocli.CommandLine.Option;

/** Where Kafka is and which topic prefix to use; shared by CLI commands that talk to Kafka. */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
            defaultValue = "${env:SITEWATCH_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env SITEWATCH_KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:SITEWATCH_TOPIC_PREFIX:-sitewatch}",
            description = "Topic name prefix (env SITEWATCH_TOPIC_PREFIX; default ${DEFAULT-VALUE}).")
    String topicPrefix;

    /** The Kafka settings; a bad value is an {@link IllegalArgumentException} (exit 2) naming the flag. */
    public KafkaSettings settings() {
        try {
            return KafkaSettings.fromEnv(System.getenv(), bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--bootstrap-servers (SITEWATCH_KAFKA_BOOTSTRAP_SERVERS): "
                    + e.getMessage(), e);
        }
    }

    public Topics topics() {
        try {
            return new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--topic-prefix (SITEWATCH_TOPIC_PREFIX): " + e.getMessage(), e);
        }
    }
}
