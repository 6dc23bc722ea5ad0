package io.sitewatch.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How a service reaches Kafka: bootstrap servers plus any client property (security settings such as
 * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.location}).
 *
 * <p>From the environment: {@code SITEWATCH_KAFKA_BOOTSTRAP_SERVERS}, and {@code SITEWATCH_KAFKA_PROPERTY_X_Y=v}
 * becomes the client property {@code x.y=v}. Secrets in properties are masked by {@link #toString()}.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    public static final String ENV_BOOTSTRAP = "SITEWATCH_KAFKA_BOOTSTRAP_SERVERS";
    public static final String ENV_PROPERTY_PREFIX = "SITEWATCH_KAFKA_PROPERTY_";

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka bootstrap servers must not be empty; set --bootstrap-servers or "
                    + ENV_BOOTSTRAP + " (host:port[,host:port])");
        }
        for (String hp : bootstrapServers.split(",")) {
            String s = hp.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("kafka bootstrap servers must be host:port[,host:port], was \""
                        + bootstrapServers + "\"");
            }
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** Settings from {@code SITEWATCH_KAFKA_*} variables, with {@code bootstrapOverride} winning when not null. */
    public static KafkaSettings fromEnv(Map<String, String> env, String bootstrapOverride) {
        String bootstrap = bootstrapOverride != null ? bootstrapOverride : env.getOrDefault(ENV_BOOTSTRAP, DEFAULT_BOOTSTRAP);
        Map<String, String> props = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PROPERTY_PREFIX) && k.length() > ENV_PROPERTY_PREFIX.length()) {
                props.put(k.substring(ENV_PROPERTY_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return new KafkaSettings(bootstrap, props);
    }

    /** Base properties shared by every client. */
    public Properties common() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** An idempotent producer, {@code acks=all}, byte-array serialisers unless overridden by the caller. */
    public Properties producer(String clientId) {
        Properties p = common();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** A consumer in {@code groupId} (null for none), manual commits, read_committed. */
    public Properties consumer(String groupId, String clientId) {
        Properties p = common();
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((k, v) -> shown.put(k, isSecret(k) ? "***" : v));
        return "KafkaSettings{bootstrapServers=" + bootstrapServers + ", clientProperties=" + shown + "}";
    }

    /**
     * Whether a client property's value is masked when the settings are shown: passwords, JAAS configs, secrets,
     * tokens, keys and credentials ({@code basic.auth.user.info} is {@code user:password}).
     */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.contains("key") || k.contains("user.info") || k.contains("credential");
    }
}
