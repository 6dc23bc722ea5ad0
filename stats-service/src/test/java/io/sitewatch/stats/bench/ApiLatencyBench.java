package io.sitewatch.stats.bench;

import io.javalin.Javalin;
import io.sitewatch.json.Json;
import io.sitewatch.model.StatsReport;
import java.time.Duration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.model.Measurement;
import io.sitewatch.stats.api.Health;
import io.sitewatch.stats.api.StatsApp;
import io.sitewatch.stats.api.StatsQueries;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/stats?window=1h} over 10,000 sites checked every 10 s (3,600,000 measurements in the memory
 * store), over real HTTP on loopback, one request at a time: 20 warm-up requests, then 200 measured. Prints
 * p50/p95/p99/max latency and the response size.
 */
public final class ApiLatencyBench {
    public static void main(String[] args) throws Exception {
        int sites = 10_000;
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Instant now = Instant.now();
        InMemoryMeasurementStore store = new InMemoryMeasurementStore();
        for (int chunk = 0; chunk < 6; chunk++) { // generate 10 minutes at a time to bound memory
            List<Measurement> points = BenchData.generate(sites, 60, now.minusSeconds(600L * (5 - chunk)));
            for (int i = 0; i < points.size(); i += 5000) {
                store.write(points.subList(i, Math.min(points.size(), i + 5000)));
            }
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("memory store: %,d measurements, %,d sites, heap used after GC %,d MB%n", store.written(),
                store.siteCount(), (rt.totalMemory() - rt.freeMemory()) >> 20);

        StatsQueries queries = new StatsQueries(store, Clock.systemUTC());
        long[] aggregate = new long[50];
        long[] serialise = new long[50];
        for (int i = 0; i < 70; i++) {
            long t0 = System.nanoTime();
            StatsReport report = queries.report(Duration.ofHours(1), null);
            long t1 = System.nanoTime();
            Json.writeBytes(report);
            long t2 = System.nanoTime();
            if (i >= 20) {
                aggregate[i - 20] = t1 - t0;
                serialise[i - 20] = t2 - t1;
            }
        }
        Arrays.sort(aggregate);
        Arrays.sort(serialise);
        System.out.printf("in-process, 50 runs: aggregate p50 %.1f ms p99 %.1f ms; JSON p50 %.1f ms p99 %.1f ms%n",
                BenchData.percentile(aggregate, 50), BenchData.percentile(aggregate, 99),
                BenchData.percentile(serialise, 50), BenchData.percentile(serialise, 99));

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Javalin app = StatsApp.create(new StatsQueries(store, Clock.systemUTC()),
                new Health(store, () -> Map.of("state", "running"), Clock.systemUTC()), metrics).start("127.0.0.1", 0);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/api/stats?window=1h")).build();
            int size = 0;
            for (int i = 0; i < 20; i++) {
                size = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
            }
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long[] nanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                nanos[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + r.statusCode());
                }
            }
            double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / requests;
            double wallMs = (System.nanoTime() - wall0) / 1e6 / requests;
            Arrays.sort(nanos);
            System.out.printf("GET /api/stats?window=1h, %,d sites, %,d KB JSON, %d requests: p50 %.1f ms, p95 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms%n", sites, size >> 10, requests,
                    BenchData.percentile(nanos, 50), BenchData.percentile(nanos, 95), BenchData.percentile(nanos, 99),
                    nanos[nanos.length - 1] / 1e6);
            System.out.printf("process CPU per request %.1f ms (server and client, all threads; mean wall %.1f ms); "
                            + "load average %.1f on %d cores%n", cpuMs, wallMs, os.getSystemLoadAverage(),
                    os.getAvailableProcessors());
        } finally {
            app.stop();
        }
    }
}
