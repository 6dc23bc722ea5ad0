package io.sitewatch.alerter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.sitewatch.alerter.topology.AlertTopology;
import io.sitewatch.kafka.BrokerContact;
import io.sitewatch.kafka.BrokerContactLog;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alerter: {@link AlertTopology} in a {@link KafkaStreams} client with its metrics bound. Used by
 * {@link AlerterCommand}, the integration tests and the benchmark, so they all run the same wiring.
 * Nothing connects until {@link #start()}.
 */
public final class AlerterService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlerterService.class);
    private static final Duration CONTACT_SAMPLE = Duration.ofMillis(500);
    /** Three heartbeat intervals of the alerter's 10 s session. */
    private static final Duration HEARTBEAT_STALE = Duration.ofSeconds(10);
    private static final Duration PARTITIONS_RECHECK = Duration.ofMinutes(1);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String bootstrap;
    private final BrokerContactLog.Tracker contactTracker = new BrokerContactLog.Tracker(BrokerContactLog.GRACE.toMillis());
    /** The last wall-clock time the alerter was seen out of contact with the broker (0: never). */
    private volatile long outOfContactAt;
    /** The measurements topic's partition count, 0 until known (looked up again every minute). */
    private volatile int measurementPartitions;
    private long partitionsCheckedAt;
    private final KafkaSettings kafka;
    private final String measurementsTopic;
    private Admin admin;
    private final ScheduledExecutorService contactWatch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alerter-kafka-contact-watch");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param registry where the alerter's metrics go; give it before any meter is registered in it: its tag filter
     *                 must come first, or Micrometer warns at every start
     */
    public AlerterService(KafkaSettings kafka, Topics topics, AlerterSettings settings, MeterRegistry registry) {
        StreamsStateMetricTags.unify(registry);
        this.bootstrap = kafka.bootstrapServers();
        this.kafka = kafka;
        this.measurementsTopic = topics.measurements().name();
        this.streams = new KafkaStreams(
                AlertTopology.build(settings, topics, new MicrometerAlerterMetrics(registry), () -> outOfContactAt,
                        () -> measurementPartitions),
                settings.streamsProperties(kafka));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("alerter stream thread failed, shutting down error=\"{}\"", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            log.info("kafka streams state from={} to={}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    public AlerterService start() {
        streams.start();
        contactWatch.scheduleWithFixedDelay(() -> {
            boolean connected = kafkaConnected();
            BrokerContactLog.sample(contactTracker, connected, "alerter", bootstrap);
            boolean contact;
            try {
                contact = connected && heartbeatFresh();
            } catch (RuntimeException closing) {
                contact = false;
            }
            if (!contact) {
                outOfContactAt = System.currentTimeMillis();
            } else {
                lookUpPartitions(); // in contact only: a lookup that waits for the broker would stall the watch
            }
        }, 0, CONTACT_SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Running or rebalancing, with a connection to the broker. Kafka Streams stays {@code RUNNING} while its broker
     * is stopped, so the state alone kept {@code /health} 200 through a broker outage.
     */
    public boolean healthy() {
        KafkaStreams.State s = streams.state();
        return (s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING) && kafkaConnected();
    }

    /** True while any of the Kafka Streams clients has a connection to a broker. */
    public boolean kafkaConnected() {
        try {
            return BrokerContact.connected(streams.metrics());
        } catch (RuntimeException closing) {
            return false;
        }
    }

    /**
     * Besides a connection, what being in contact with the broker takes as far as NO_DATA is concerned: where the
     * stream threads' consumers report group heartbeats, one was sent within {@link #HEARTBEAT_STALE} (a broker that
     * drops packets rather than refusing them still shows a connection being set up for up to 30 s).
     */
    private boolean heartbeatFresh() {
        OptionalDouble ago = BrokerContact.heartbeatSecondsAgo(streams.metrics());
        return ago.isEmpty() || ago.getAsDouble() >= 0 && ago.getAsDouble() * 1000 <= HEARTBEAT_STALE.toMillis();
    }

    /** On the contact watch's thread: the measurements topic's partition count, at start and then every minute. */
    private void lookUpPartitions() {
        long now = System.currentTimeMillis();
        if (measurementPartitions > 0 && now - partitionsCheckedAt < PARTITIONS_RECHECK.toMillis()) {
            return;
        }
        partitionsCheckedAt = now;
        try {
            if (admin == null) {
                Properties p = kafka.common();
                p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
                p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
                admin = Admin.create(p);
            }
            TopicDescription d = admin.describeTopics(List.of(measurementsTopic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(measurementsTopic);
            measurementPartitions = d.partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("measurements topic not described yet topic={} error=\"{}\"", measurementsTopic, e.toString());
        }
    }

    /** The measurements topic's partition count as last looked up, 0 until known. */
    int measurementPartitions() {
        return measurementPartitions;
    }

    /** The last wall-clock time (epoch ms) the contact watch saw the alerter out of contact with the broker. */
    long outOfContactAt() {
        return outOfContactAt;
    }

    /** What {@code /health} shows: the Kafka Streams state and whether the broker is reached. */
    public Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", streams.state().name());
        details.put("kafka", BrokerContact.describe(kafkaConnected()));
        return details;
    }

    /** Waits until Kafka Streams reaches RUNNING. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || stopped.getCount() == 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Blocks until Kafka Streams stops (closed, or failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops processing, commits, leaves the group (so a restarted alerter is assigned its partitions at once
     * instead of after the session timeout) and keeps the local state (no clean-up): a restart resumes from it.
     */
    @Override
    public void close() {
        contactWatch.shutdownNow();
        try {
            contactWatch.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        stopped.countDown();
    }
}
