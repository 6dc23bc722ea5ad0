package io.sitewatch.dashboard.sites;

import io.sitewatch.dashboard.events.EventHub;
import io.sitewatch.dashboard.events.ServerEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the sites list — what {@code GET /api/sites} answers: every target on the targets topic with its status —
 * as a {@code sites} event whenever it changes (a target added or removed, an alert, new checks in the shortest
 * view), so that pages and consoles follow the registry live and show one definition of status, the server's.
 *
 * <p>Nothing is sent before both topics have been read to their end ({@code loaded}): until then a site missing
 * from the list may only not be read yet, and a client would call it removed. Checked every {@code period}; the list
 * is computed only when one of its inputs moved, and sent only when it differs from the last one sent.
 */
public final class SiteEvents implements AutoCloseable {
    public static final String EVENT = "sites";
    private static final Logger log = LoggerFactory.getLogger(SiteEvents.class);

    private final SiteService sites;
    private final EventHub hub;
    private final Duration period;
    private volatile BooleanSupplier loaded = () -> false;
    private ScheduledExecutorService timer;
    private Object lastInputs;
    private String lastSent;

    public SiteEvents(SiteService sites, EventHub hub, Duration period) {
        this.sites = sites;
        this.hub = hub;
        this.period = period;
    }

    /** What says that the targets and alerts topics have been read to their end. */
    public void loaded(BooleanSupplier isLoaded) {
        this.loaded = isLoaded;
    }

    /** The list for a client that connects now; empty while the topics are still being read. */
    public Optional<ServerEvent> current() {
        return loaded.getAsBoolean() ? Optional.of(ServerEvent.of(EVENT, sites.sites())) : Optional.empty();
    }

    /** Sends the list when it changed since the last one sent. Never throws. */
    public synchronized void check() {
        try {
            if (!loaded.getAsBoolean()) {
                return;
            }
            Object inputs = sites.inputs();
            if (inputs.equals(lastInputs)) {
                return;
            }
            lastInputs = inputs;
            ServerEvent event = ServerEvent.of(EVENT, sites.sites());
            if (!Objects.equals(event.data(), lastSent)) {
                lastSent = event.data();
                hub.publish(event);
            }
        } catch (RuntimeException e) {
            log.error("event=sites_publish_failed", e);
        }
    }

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-sites");
            t.setDaemon(true);
            return t;
        });
        long ms = period.toMillis();
        timer.scheduleAtFixedRate(this::check, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
