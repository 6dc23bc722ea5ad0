package io.sitewatch.canary.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

/**
 * Many simulated web sites behind one local HTTP/1.1 server: {@code http://127.0.0.1:PORT/site/{name}}
 * (anything after the name is ignored), plus the same sites over HTTPS on a second port with a self-signed
 * certificate made at start.
 *
 * <p>Each site has a {@link SiteBehavior} (latency, statuses, body, outages and faults such as hanging,
 * resets, redirect loops, endless bodies, slow or huge headers) that can be changed at any time from any
 * thread, and counts the requests it receives. Unknown sites answer {@code 404}; down sites answer as their
 * {@link SiteBehavior.DownMode} says ({@code 503} by default).
 *
 * <pre>{@code
 * try (SimulatedSites sites = new SimulatedSites().start()) {
 *     sites.define("shop", SiteBehavior.ok());
 *     sites.define("slow", SiteBehavior.latency(Duration.ofMillis(200)));
 *     URI shop = sites.url("shop");
 *     sites.setDown("shop", true);
 * }
 * }</pre>
 *
 * <p>The server binds to {@code 127.0.0.1} only. Each connection carries one request and is closed after
 * the answer ({@code Connection: close}), as a prober opening a fresh connection per check expects. Work is
 * done by a bounded pool of threads; connections beyond its capacity are reset. Answers are encoded when a
 * behaviour is defined, so the hot path only parses the request line and writes bytes.
 */
public final class SimulatedSites implements AutoCloseable {

    /** Default accept backlog: enough for bursts of thousands of fresh connections. */
    public static final int DEFAULT_BACKLOG = 4096;
    /** Default number of worker threads: also the number of connections that can be held at once. */
    public static final int DEFAULT_MAX_THREADS = 1024;

    private final int requestedHttpPort;
    private final int requestedHttpsPort;
    private final int maxThreads;
    private final int backlog;
    private final Clock clock;
    private final Map<String, Site> sites = new ConcurrentHashMap<>();

    private volatile boolean running;
    private WorkerPool workers;
    private Listener http;
    private Listener https;
    private SelfSignedTls tls;

    /** Creates a simulator on free ports with the default capacity and the system clock. */
    public SimulatedSites() {
        this(builder());
    }

    private SimulatedSites(Builder builder) {
        this.requestedHttpPort = builder.httpPort;
        this.requestedHttpsPort = builder.httpsPort;
        this.maxThreads = builder.maxThreads;
        this.backlog = builder.backlog;
        this.clock = builder.clock;
    }

    /** @return a builder for ports, capacity and clock */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds both listeners and starts serving. Sites may be defined before or after.
     *
     * @return this simulator
     * @throws IllegalStateException if already started (a closed simulator cannot be started again)
     * @throws UncheckedIOException  if a port cannot be bound
     */
    public synchronized SimulatedSites start() {
        if (running || workers != null) {
            throw new IllegalStateException("already started; a closed simulator cannot be started again");
        }
        workers = new WorkerPool(maxThreads, backlog, "sim-worker-");
        ConnectionHandler handler = new ConnectionHandler(sites::get, clock, () -> running);
        running = true;
        try {
            tls = new SelfSignedTls();
            http = new Listener("sim-http-accept", new ServerSocket(requestedHttpPort, backlog, loopback()),
                    workers, handler::serve);
            https = new Listener("sim-https-accept",
                    tls.serverContext().getServerSocketFactory().createServerSocket(requestedHttpsPort, backlog,
                            loopback()),
                    workers, handler::serve);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot bind the simulated sites' listeners", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        http.start();
        https.start();
        return this;
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByName("127.0.0.1");
    }

    /** Stops both listeners, closes every open connection and stops the workers. Idempotent. */
    @Override
    public synchronized void close() {
        running = false;
        try {
            if (http != null) {
                http.close();
            }
            if (https != null) {
                https.close();
            }
            if (workers != null) {
                workers.shutdownNow(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Defines a site or replaces its behaviour; its request count is kept, its status sequence restarts.
     *
     * @param name     the site name, a path segment: no {@code /}, {@code ?} or whitespace
     * @param behavior how it answers
     * @return this simulator
     */
    public SimulatedSites define(String name, SiteBehavior behavior) {
        Objects.requireNonNull(behavior, "behavior");
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9._~-]+")) {
            throw new IllegalArgumentException("site name must be a non-empty path segment of letters, digits"
                    + " and ._~-, was " + name);
        }
        sites.compute(name, (key, site) -> {
            if (site == null) {
                return new Site(key, behavior);
            }
            site.define(behavior);
            return site;
        });
        return this;
    }

    /**
     * Removes a site: it answers 404 from now on.
     *
     * @param name the site name
     */
    public void remove(String name) {
        sites.remove(name);
    }

    /**
     * Switches a site down (it answers as its {@link SiteBehavior.DownMode} says) or back up.
     *
     * @param name the site name
     * @param down whether it is down
     * @throws IllegalArgumentException if the site is not defined
     */
    public void setDown(String name, boolean down) {
        site(name).setDown(down);
    }

    /**
     * @param name a site name
     * @return its current behaviour
     * @throws IllegalArgumentException if the site is not defined
     */
    public SiteBehavior behavior(String name) {
        return site(name).behavior();
    }

    /** @return the names of the defined sites */
    public Set<String> names() {
        return Set.copyOf(sites.keySet());
    }

    /**
     * @param name a site name
     * @return the number of requests the site received since it was defined or counts were reset, over both
     *     HTTP and HTTPS, whatever the answer (including hanging and resets); 0 for an unknown site
     */
    public long requestCount(String name) {
        Site site = sites.get(name);
        return site == null ? 0 : site.requestCount();
    }

    /** @return the request count of every defined site, sorted by name */
    public Map<String, Long> requestCounts() {
        Map<String, Long> counts = new TreeMap<>();
        sites.forEach((name, site) -> counts.put(name, site.requestCount()));
        return counts;
    }

    /** Sets every site's request count to zero. */
    public void resetCounts() {
        sites.values().forEach(Site::resetCount);
    }

    /** @return {@code http://127.0.0.1:PORT} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + httpPort());
    }

    /** @return {@code https://127.0.0.1:PORT} (the HTTPS port) */
    public URI httpsBaseUrl() {
        return URI.create("https://127.0.0.1:" + httpsPort());
    }

    /**
     * @param name a site name (need not be defined yet)
     * @return {@code http://127.0.0.1:PORT/site/{name}}
     */
    public URI url(String name) {
        return baseUrl().resolve("/site/" + name);
    }

    /**
     * @param name a site name (need not be defined yet)
     * @return {@code https://127.0.0.1:PORT/site/{name}}
     */
    public URI httpsUrl(String name) {
        return httpsBaseUrl().resolve("/site/" + name);
    }

    /** @return the bound HTTP port @throws IllegalStateException if not started */
    public synchronized int httpPort() {
        return started(http).port();
    }

    /** @return the bound HTTPS port @throws IllegalStateException if not started */
    public synchronized int httpsPort() {
        return started(https).port();
    }

    /**
     * @return the self-signed certificate of the HTTPS listener (valid for {@code 127.0.0.1} and
     *     {@code localhost}); clients with default trust reject it
     */
    public synchronized X509Certificate certificate() {
        return started(tls).certificate();
    }

    /** @return the certificate of {@link #certificate()} in PEM form */
    public synchronized String certificatePem() {
        return started(tls).certificatePem();
    }

    /** @return a client {@link SSLContext} that trusts this simulator's certificate (and nothing else) */
    public synchronized SSLContext trustingSslContext() {
        return started(tls).trustingClientContext();
    }

    private Site site(String name) {
        Site site = sites.get(name);
        if (site == null) {
            throw new IllegalArgumentException("no site named " + name + "; define it first");
        }
        return site;
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("not started: call start() first");
        }
        return part;
    }

    /** Options of a {@link SimulatedSites}. Not thread-safe. */
    public static final class Builder {
        private int httpPort;
        private int httpsPort;
        private int maxThreads = DEFAULT_MAX_THREADS;
        private int backlog = DEFAULT_BACKLOG;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** @param port HTTP port, 0 for a free one (the default) @return this builder */
        public Builder httpPort(int port) {
            this.httpPort = checkPort(port);
            return this;
        }

        /** @param port HTTPS port, 0 for a free one (the default) @return this builder */
        public Builder httpsPort(int port) {
            this.httpsPort = checkPort(port);
            return this;
        }

        /** @param threads worker threads, at least 1 (default {@value #DEFAULT_MAX_THREADS}) @return this builder */
        public Builder maxThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("maxThreads must be at least 1, was " + threads);
            }
            this.maxThreads = threads;
            return this;
        }

        /** @param backlog accept backlog and work queue length, at least 1 @return this builder */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be at least 1, was " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /** @param clock the clock that decides outage windows @return this builder */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return a simulator, not started */
        public SimulatedSites build() {
            return new SimulatedSites(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            return port;
        }
    }
}
