package io.sitewatch.kafka;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when a service loses its broker and when it has it back. A consumer keeps polling and Kafka
 * Streams stays {@code RUNNING} through a broker outage, and the Kafka clients' own warnings are filtered out of
 * the log, so without this a stats service, alerter or dashboard said nothing at all while Kafka was gone: only
 * {@code /health} knew. Checks {@link BrokerContact} once a second; a loss is logged once it has lasted
 * {@link #GRACE} (a moment without a connection is not an outage), the return when two checks in a row see a
 * connection. Nothing is logged before the first connection: each service logs its own start-up waits.
 */
public final class BrokerContactLog implements AutoCloseable {
    /** How long the contact must be lost before it is logged. */
    public static final Duration GRACE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(BrokerContactLog.class);

    private final ScheduledExecutorService timer;

    private BrokerContactLog(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Starts watching on a daemon thread.
     *
     * @param service   the service's name, in the log lines
     * @param bootstrap the bootstrap servers, in the log lines
     * @param connected true while the service's clients hold a connection to a broker
     */
    public static BrokerContactLog start(String service, String bootstrap, BooleanSupplier connected) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, service + "-kafka-contact");
            t.setDaemon(true);
            return t;
        });
        Tracker tracker = new Tracker(GRACE.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            boolean now;
            try {
                now = connected.getAsBoolean();
            } catch (RuntimeException e) {
                return;
            }
            sample(tracker, now, service, bootstrap);
        }, 1, 1, TimeUnit.SECONDS);
        return new BrokerContactLog(timer);
    }

    /**
     * For a service that samples its contact on a thread of its own: feeds one sample to {@code tracker} (a
     * {@code new Tracker(GRACE.toMillis())}) and logs what it changed, as {@link #start} does once a second.
     */
    public static void sample(Tracker tracker, boolean connected, String service, String bootstrap) {
        log(tracker.sample(connected, System.currentTimeMillis()), service, bootstrap, tracker);
    }

    private static void log(Change change, String service, String bootstrap, Tracker tracker) {
        switch (change) {
            case LOST -> LOG.warn("event=kafka_contact_lost service={} bootstrap={} for_s={} "
                            + "action=\"retrying; /health says kafka not connected\"", service, bootstrap,
                    tracker.outageMillis() / 1000);
            case BACK -> LOG.info("event=kafka_contact_back service={} bootstrap={} outage_s={}", service, bootstrap,
                    tracker.outageMillis() / 1000);
            case NONE -> { }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** What a check changed. */
    public enum Change { NONE, LOST, BACK }

    /** The rule, without threads or clocks: fed one sample a check. */
    public static final class Tracker {
        private final long graceMillis;
        private boolean everConnected;
        private boolean reportedLost;
        private long lostSince = -1;
        private int connectedInARow;
        private long outageMillis;

        public Tracker(long graceMillis) {
            this.graceMillis = graceMillis;
        }

        /** The change this sample, taken at {@code nowMillis}, makes. */
        public Change sample(boolean connected, long nowMillis) {
            if (connected) {
                everConnected = true;
                connectedInARow++;
                if (reportedLost && connectedInARow >= 2) {
                    reportedLost = false;
                    outageMillis = nowMillis - lostSince;
                    lostSince = -1;
                    return Change.BACK;
                }
                if (!reportedLost) {
                    lostSince = -1;
                }
                return Change.NONE;
            }
            connectedInARow = 0;
            if (!everConnected || reportedLost) {
                return Change.NONE;
            }
            if (lostSince < 0) {
                lostSince = nowMillis;
            }
            if (nowMillis - lostSince >= graceMillis) {
                reportedLost = true;
                outageMillis = nowMillis - lostSince;
                return Change.LOST;
            }
            return Change.NONE;
        }

        /** For LOST: how long the contact had been lost; for BACK: how long it was. */
        public long outageMillis() {
            return outageMillis;
        }
    }
}
