package io.sitewatch.dashboard.bench;

import io.javalin.Javalin;
import io.sitewatch.dashboard.Dashboard;
import io.sitewatch.dashboard.DashboardApp;
import io.sitewatch.dashboard.DashboardSettings;
import io.sitewatch.dashboard.testdoubles.RecordingTargetWriter;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.model.Alert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Benchmark: N SSE clients (default 1,000) connected to {@code /api/events} on loopback; M alerts (default 20,
 * 250 ms apart) are handed to the dashboard exactly where the Kafka follower hands them ({@code AlertService});
 * the time until each client has read each alert's event is recorded. Target: p99 ≤ 500 ms.
 *
 * <pre>
 * mvn -q -B -pl dashboard-service -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp dashboard-service/target/test-classes:dashboard-service/target/classes:$(cat dashboard-service/target/bench.cp) \
 *     io.sitewatch.dashboard.bench.SseFanOutBenchmark [clients] [alerts]
 * </pre>
 */
public final class SseFanOutBenchmark {
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int alerts = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (StatsServiceTestDouble stats = new StatsServiceTestDouble()) {
            Dashboard dashboard = new Dashboard(DashboardSettings.of(KafkaSettings.of("127.0.0.1:9"), stats.url()),
                    new RecordingTargetWriter(), Clock.systemUTC());
            Javalin app = DashboardApp.create(dashboard).start("127.0.0.1", 0);
            try {
                run(dashboard, app.port(), clients, alerts);
            } finally {
                dashboard.hub().close();
                app.stop();
                dashboard.close();
            }
        }
    }

    static void run(Dashboard dashboard, int port, int clients, int alerts) throws Exception {
        URI events = URI.create("http://127.0.0.1:" + port + "/api/events");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        AtomicInteger received = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(clients);
        // a handful of HTTP clients (each with its own selector thread) share the connections
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            https.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            HttpRequest req = HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build();
            https.get(i % https.size()).sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(
                    new LineCounter(sentAt, latency, received, connected)));
            if (i % 100 == 99) {
                Thread.sleep(50); // bounded connection rate: 100 per 50 ms
            }
        }
        if (!connected.await(60, TimeUnit.SECONDS) || dashboard.hub().clients() < clients) {
            throw new IllegalStateException("only " + dashboard.hub().clients() + " of " + clients + " clients connected");
        }
        System.out.printf("connected %d SSE clients in %d ms%n", clients, (System.nanoTime() - t0) / 1_000_000);
        Thread.sleep(1_000);

        Instant base = Instant.now();
        for (int i = 0; i < alerts; i++) {
            Alert a = Alert.down("bench-" + i, "https://bench.example", 0.5, 0.8, Duration.ofMinutes(2), 12,
                    base.plusMillis(i));
            sentAt.put(a.id(), System.nanoTime());
            dashboard.alerts().accept(a);
            Thread.sleep(250);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long expected = (long) clients * alerts;
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.out.printf("delivered %d of %d alert events (%d clients × %d alerts)%n", received.get(), expected,
                clients, alerts);
        System.out.printf("alert → every client latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms "
                        + "(target p99 ≤ 500 ms)%n",
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(90) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
        System.out.printf("machine: %d cores, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (received.get() < expected || latency.getValueAtPercentile(99) > TimeUnit.MILLISECONDS.toNanos(500)) {
            System.out.println("RESULT: target missed");
        } else {
            System.out.println("RESULT: target met");
        }
    }

    /** Reads one SSE stream line by line; an "alert" data line is matched to its send time. */
    static final class LineCounter implements Flow.Subscriber<String> {
        private final Map<String, Long> sentAt;
        private final Histogram latency;
        private final AtomicInteger received;
        private final CountDownLatch connected;
        private boolean first = true;
        private boolean alertEvent;

        LineCounter(Map<String, Long> sentAt, Histogram latency, AtomicInteger received, CountDownLatch connected) {
            this.sentAt = sentAt;
            this.latency = latency;
            this.received = received;
            this.connected = connected;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = System.nanoTime();
            if (first) {
                first = false;
                connected.countDown();
            }
            if (line.startsWith("event:")) {
                alertEvent = line.contains("alert");
            } else if (alertEvent && line.startsWith("data:")) {
                int at = line.indexOf("\"id\":\"");
                if (at >= 0) {
                    String id = line.substring(at + 6, line.indexOf('"', at + 6));
                    Long sent = sentAt.get(id);
                    if (sent != null) {
                        synchronized (latency) {
                            latency.recordValue(Math.max(0, now - sent));
                        }
                        received.incrementAndGet();
                    }
                }
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    }
}
