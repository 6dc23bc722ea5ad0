package io.sitewatch.dashboard.bench;

import io.javalin.Javalin;
import io.sitewatch.dashboard.Dashboard;
import io.sitewatch.dashboard.DashboardApp;
import io.sitewatch.dashboard.DashboardSettings;
import io.sitewatch.dashboard.testdoubles.RecordingTargetWriter;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.model.SiteStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Benchmark: {@code GET /api/stats?window=10m} from C concurrent clients (default 50, each its own thread and
 * keep-alive connection) for S seconds (default 10, after 3 s of warm-up), with a report of 50 sites. The view is
 * served from the dashboard's cache. Clients are plain keep-alive sockets ({@link KeepAliveHttpClient}) so that on a
 * small machine the figures are the server's. Target: p99 ≤ 50 ms.
 *
 * <pre>
 * java -cp dashboard-service/target/test-classes:dashboard-service/target/classes:$(cat dashboard-service/target/bench.cp) \
 *     io.sitewatch.dashboard.bench.StatsApiBenchmark [clients] [seconds]
 * </pre>
 */
public final class StatsApiBenchmark {
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<SiteStats> sites = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sites.add(StatsServiceTestDouble.site("site-" + i, 0.99, 100 + i, 400 + i, 200 + i));
        }
        try (StatsServiceTestDouble stats = new StatsServiceTestDouble().serve(sites)) {
            Dashboard dashboard = new Dashboard(DashboardSettings.of(KafkaSettings.of("127.0.0.1:9"), stats.url()),
                    new RecordingTargetWriter(), Clock.systemUTC());
            dashboard.startStats();
            Javalin app = DashboardApp.create(dashboard).start("127.0.0.1", 0);
            try {
                Thread.sleep(1_000); // first fetch of each view
                int before = stats.requests();
                URI uri = URI.create("http://127.0.0.1:" + app.port() + "/api/stats?window=10m");
                run(uri, clients, 3, null); // warm-up
                Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                long count = run(uri, clients, seconds, h);
                System.out.printf("%d clients, %d s: %d requests (%.0f/s), body %d bytes%n", clients, seconds, count,
                        count / (double) seconds, bodySize(uri));
                System.out.printf("/api/stats latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms "
                                + "(target p99 ≤ 50 ms)%n",
                        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6,
                        h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
                System.out.printf("requests to the stats service meanwhile: %d (cadence only, not per client)%n",
                        stats.requests() - before);
                System.out.printf("machine: %d cores, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                System.out.println(h.getValueAtPercentile(99) <= TimeUnit.MILLISECONDS.toNanos(50)
                        ? "RESULT: target met" : "RESULT: target missed");
            } finally {
                app.stop();
                dashboard.close();
            }
        }
    }

    static long bodySize(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    static long run(URI uri, int clients, int seconds, Histogram h) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try (KeepAliveHttpClient http = new KeepAliveHttpClient(uri.getHost(), uri.getPort(),
                        uri.getRawPath() + "?" + uri.getRawQuery())) {
                  while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int code = http.get();
                    if (code != 200) {
                        throw new IllegalStateException("HTTP " + code);
                    }
                    long took = System.nanoTime() - start;
                    if (h != null) {
                        synchronized (h) {
                            h.recordValue(took);
                        }
                    }
                    count.incrementAndGet();
                  }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return count.get();
    }
}
