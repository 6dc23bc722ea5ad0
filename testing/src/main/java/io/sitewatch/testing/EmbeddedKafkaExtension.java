package io.sitewatch.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka cluster (one combined KRaft broker + controller) running inside the current JVM,
 * built on Kafka's own test kit ({@link KafkaClusterTestKit}).
 *
 * <p>As a JUnit 5 extension, one broker serves a whole test class:
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
 * }</pre>
 * It starts before the first test of the class and stops after the last one. Outside JUnit (a benchmark's
 * {@code main}, for example) call {@link #start()} and {@link #close()} yourself, or use try-with-resources.
 *
 * <p>The broker is configured for one node: internal topics (consumer offsets, transaction state, share
 * group state) have replication factor 1 and min ISR 1, consumer groups rebalance without the initial delay,
 * and the cluster runs the latest production metadata version with unstable features disabled, so
 * idempotent and transactional producers and {@code exactly_once_v2} Kafka Streams work as in production.
 * Each instance uses its own temporary directory, deleted on close.
 *
 * <p>Logging: Kafka's loggers are set to WARN at start unless the Logback configuration gives them a
 * level; a module's {@code logback-test.xml} can also include
 * {@code io/sitewatch/testing/logback-kafka-quiet.xml}.
 *
 * <p>Note on addresses: the test kit pre-binds its listener sockets to ephemeral ports on the wildcard
 * address and advertises them as {@code localhost}; clients should use {@link #bootstrapServers()}.
 *
 * <p>This class is thread-safe.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> brokerProperties;
    private KafkaClusterTestKit cluster;
    private Admin admin;

    /** Creates an extension with the default single-node broker settings. */
    public EmbeddedKafkaExtension() {
        this(Map.of());
    }

    /**
     * Creates an extension whose broker uses the default settings overridden by {@code brokerOverrides}.
     *
     * @param brokerOverrides broker configuration entries (for example {@code log.retention.ms}); applied last
     */
    public EmbeddedKafkaExtension(Map<String, String> brokerOverrides) {
        Map<String, String> properties = new LinkedHashMap<>(defaultBrokerProperties());
        properties.putAll(brokerOverrides);
        this.brokerProperties = Map.copyOf(properties);
    }

    private static Map<String, String> defaultBrokerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("unstable.api.versions.enable", "false");
        properties.put("unstable.feature.versions.enable", "false");
        return properties;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * Formats and starts the broker and waits until it is ready to serve clients. Does nothing if it is
     * already running.
     *
     * @throws IllegalStateException if the broker cannot start
     */
    public synchronized void start() {
        if (cluster != null) {
            return;
        }
        KafkaLogLevels.quietUnlessConfigured();
        KafkaClusterTestKit starting = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            brokerProperties.forEach(builder::setConfigProp);
            starting = builder.build();
            starting.format();
            starting.startup();
            starting.waitForReadyBrokers();
            cluster = starting;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(starting);
            throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
        } catch (Exception e) {
            closeQuietly(starting);
            throw new IllegalStateException("cannot start the embedded Kafka broker", e);
        }
    }

    /** Stops the broker and deletes its data. Does nothing if it is not running. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        closeQuietly(cluster);
        cluster = null;
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        if (kit == null) {
            return;
        }
        try {
            kit.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Shutting down a test broker: nothing useful can be done with a failure here.
        }
    }

    /** @return {@code true} between {@link #start()} and {@link #close()} */
    public synchronized boolean isRunning() {
        return cluster != null;
    }

    /**
     * @return the {@code bootstrap.servers} value for clients of this broker
     * @throws IllegalStateException if the broker is not running
     */
    public synchronized String bootstrapServers() {
        return running().bootstrapServers();
    }

    /**
     * Returns an admin client owned by this extension: do not close it, it is closed with the broker.
     *
     * @return a shared admin client connected to this broker
     */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    "bootstrap.servers", bootstrapServers(),
                    "default.api.timeout.ms", (int) ADMIN_TIMEOUT.toMillis()));
        }
        return admin;
    }

    /**
     * Creates a topic with replication factor 1 and the broker's default cleanup policy.
     *
     * @param name       the topic name
     * @param partitions the number of partitions, at least 1
     */
    public void createTopic(String name, int partitions) {
        createTopics(new NewTopic(name, partitions, (short) 1));
    }

    /**
     * Creates a topic with replication factor 1 and {@code cleanup.policy=compact}, like
     * {@code sitewatch.targets}.
     *
     * @param name       the topic name
     * @param partitions the number of partitions, at least 1
     */
    public void createCompactedTopic(String name, int partitions) {
        createTopics(new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /**
     * Creates topics with replication factor 1 and the given number of partitions each.
     *
     * @param partitions the number of partitions of every topic
     * @param names      the topic names
     */
    public void createTopics(int partitions, String... names) {
        createTopics(Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList());
    }

    /**
     * Creates the given topics and waits until the broker has created them.
     *
     * @param topics the topics, each with its own partitions, replication factor (use 1) and configs
     * @throws IllegalStateException if a topic cannot be created (for example, it exists already)
     */
    public void createTopics(NewTopic... topics) {
        createTopics(List.of(topics));
    }

    /**
     * Creates the given topics and waits until the broker has created them.
     *
     * @param topics the topics, each with its own partitions, replication factor (use 1) and configs
     * @throws IllegalStateException if a topic cannot be created (for example, it exists already)
     */
    public void createTopics(Collection<NewTopic> topics) {
        try {
            admin().createTopics(topics).all().get();
            awaitLeaders(topicNames(topics));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topicNames(topics), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + topicNames(topics), e.getCause());
        }
    }

    /**
     * Topic creation completes in the controller before the broker leads the new partitions; waiting for
     * that here spares the first producer a round of NOT_LEADER_OR_FOLLOWER retries and warnings. A
     * ListOffsets request is answered only by the partition's leader, and the admin client retries it until
     * the leader is ready.
     */
    private void awaitLeaders(List<String> names) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        Map<TopicPartition, OffsetSpec> partitions;
        while ((partitions = partitionsWithLeaders(names)) == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("topics " + names + " have partitions without a leader after "
                        + ADMIN_TIMEOUT);
            }
            Thread.sleep(20);
        }
        admin().listOffsets(partitions).all().get();
    }

    /** @return every partition of the topics, or {@code null} while one of them has no leader yet */
    private Map<TopicPartition, OffsetSpec> partitionsWithLeaders(List<String> names)
            throws InterruptedException, ExecutionException {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin().describeTopics(names).allTopicNames().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null; // not yet in the broker's metadata
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicDescription description : descriptions.values()) {
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return null;
                }
                partitions.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
            }
        }
        return partitions;
    }

    private static List<String> topicNames(Collection<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).toList();
    }

    /**
     * Returns producer settings for this broker: String keys and values, {@code acks=all} and idempotence on,
     * as the design requires of every sitewatch producer. Add {@code transactional.id} for transactions.
     *
     * @return a new, mutable map
     */
    public Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    /**
     * Returns consumer settings for this broker: String keys and values, the given group, reading from the
     * earliest offset, {@code isolation.level=read_committed} and no auto-commit.
     *
     * @param groupId the consumer group id
     * @return a new, mutable map
     */
    public Map<String, Object> consumerProps(String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /**
     * Copies a settings map into {@link Properties}, for APIs (such as Kafka Streams) that take them.
     *
     * @param settings settings from {@link #producerProps()} or {@link #consumerProps(String)}
     * @return a new {@link Properties} with the same entries
     */
    public static Properties asProperties(Map<String, Object> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }

    /**
     * Reads every committed record of a topic, from the beginning of each partition up to the end offsets
     * taken when the read starts ({@code isolation.level=read_committed}, so records of open or aborted
     * transactions are not returned). Uses no consumer group and commits nothing.
     *
     * <p>A just-committed transaction is included: the broker writes commit markers after
     * {@code commitTransaction()} returns, so when a transaction is in flight the read first waits up to
     * 2 seconds for it to finish; a transaction still open after that is left out.
     *
     * @param topic   an existing topic
     * @param timeout how long to try to reach the end offsets
     * @return the records, in partition order and offset order within a partition
     * @throws IllegalArgumentException if the topic does not exist
     * @throws IllegalStateException    if the end offsets are not reached within {@code timeout}
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, Duration timeout) {
        return new TopicReader(bootstrapServers(), admin()).readAll(topic, timeout);
    }

    private KafkaClusterTestKit running() {
        if (cluster == null) {
            throw new IllegalStateException("the embedded Kafka broker is not running: call start() first,"
                    + " or register the extension as a static field with @RegisterExtension");
        }
        return cluster;
    }
}
