package io.sitewatch.dashboard;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import io.sitewatch.dashboard.kafka.TopicFollower;
import io.sitewatch.dashboard.targets.RegistryTargetWriter;
import io.sitewatch.kafka.BrokerContactLog;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Target;
import io.sitewatch.net.Ports;
import io.sitewatch.registry.TargetRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dashboard: follows the alerts and targets topics into the {@link Dashboard}, fetches the stats
 * views, and serves {@link DashboardApp}. {@link #start()} returns once the HTTP port is open; the topics are
 * read in the background (the page shows what has arrived so far and updates as the rest comes in).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    /** What else may hold the dashboard's port, in a port-in-use error. */
    public static final String PORT_HINT = "another dashboard or web server?";

    private final Dashboard dashboard;
    private final TopicFollower<Alert> alerts;
    private final TopicFollower<Target> targets;
    private Javalin app;
    private List<Thread> threads = List.of();
    private BrokerContactLog contactLog;

    public DashboardServer(DashboardSettings settings) {
        var registry = new TargetRegistry(settings.kafka(), settings.topics(), Duration.ofSeconds(10));
        this.dashboard = new Dashboard(settings, new RegistryTargetWriter(registry), Clock.systemUTC());
        var topics = settings.topics();
        this.alerts = new TopicFollower<>(settings.kafka(), topics.alerts().name(), "sitewatch-dashboard-alerts",
                topics.alerts().valueSerde().deserializer(), (key, alert) -> {
                    if (alert != null) {
                        dashboard.alerts().accept(alert);
                    }
                }, dashboard.metrics()::alertInvalid);
        this.targets = new TopicFollower<>(settings.kafka(), topics.targets().name(), "sitewatch-dashboard-targets",
                topics.targets().valueSerde().deserializer(), dashboard.directory()::apply,
                dashboard.metrics()::targetInvalid);
        dashboard.kafkaConnected(() -> alerts.connected() && targets.connected());
        dashboard.missingTopics(() -> java.util.stream.Stream.of(alerts, targets).filter(TopicFollower::topicMissing)
                .map(TopicFollower::topic).toList());
        dashboard.topicsLoaded(() -> alerts.caughtUp() && targets.caughtUp());
    }

    /**
     * Opens the HTTP port first, so that a port in use fails at once with nothing left running (a
     * {@link io.sitewatch.net.PortInUseException} naming {@code --port}); then follows the topics and fetches the
     * stats.
     */
    public synchronized DashboardServer start() {
        if (app != null) {
            return this;
        }
        DashboardSettings s = dashboard.settings();
        Javalin http = DashboardApp.create(dashboard);
        try {
            http.start(s.bind(), s.port());
        } catch (JavalinBindException e) {
            http.stop();
            throw Ports.inUse(s.port(), "--port", PORT_HINT);
        }
        app = http;
        threads = List.of(daemon(alerts, "dashboard-alerts-follower"), daemon(targets, "dashboard-targets-follower"));
        threads.forEach(Thread::start);
        dashboard.start();
        contactLog = BrokerContactLog.start("dashboard", s.kafka().bootstrapServers(),
                () -> alerts.connected() && targets.connected());
        log.info("event=dashboard_started bind={} port={} settings=\"{}\"", s.bind(), app.port(), s);
        return this;
    }

    /** The port the page is served on (useful with port 0). */
    public int port() {
        return app.port();
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    @Override
    public synchronized void close() {
        if (contactLog != null) {
            contactLog.close();
            contactLog = null;
        }
        dashboard.hub().close(); // end the event streams while the server can still complete them
        if (app != null) {
            app.stop();
            app = null;
        }
        alerts.close();
        targets.close();
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dashboard.close();
        log.info("event=dashboard_stopped");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
