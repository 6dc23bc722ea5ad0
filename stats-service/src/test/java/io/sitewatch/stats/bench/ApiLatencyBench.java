package io.sitewatch.stats.bench;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.StatsReport;
import io.sitewatch.stats.api.Health;
import io.sitewatch.stats.api.StatsApp;
import io.sitewatch.stats.api.StatsQueries;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/stats?window=1h} over 10,000 sites checked every 10 s, as the stats service serves it: an hour
 * of history in the memory store (3,600,000 measurements), the checks of every site still arriving (1,000 a
 * second, written in batches as the ingest loop writes them), over real HTTP on loopback, one request at a time.
 *
 * <ol>
 *   <li>In process: the first report of the window (it builds the hot window's aggregates), then 50 more,
 *       aggregation and JSON timed apart.</li>
 *   <li>Over HTTP: {@code requests} requests (default 600), one every {@code pauseMs} (default 250 ms), so the run
 *       lasts minutes and every minute boundary — where a 1-hour window moves and its aggregates with it — is in
 *       it. Prints p50/p95/p99/max, and the slowest request after each minute boundary on its own.</li>
 * </ol>
 * Arguments: {@code [requests] [pauseMs] [sites]}.
 */
public final class ApiLatencyBench {
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        long pauseMs = args.length > 1 ? Long.parseLong(args[1]) : 250;
        int sites = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
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

        AtomicBoolean ingesting = new AtomicBoolean(true);
        AtomicLong ingested = new AtomicLong();
        Thread ingest = new Thread(() -> ingestLive(store, sites, now, ingesting, ingested), "live-ingest");
        ingest.setDaemon(true);
        ingest.start();

        StatsQueries queries = new StatsQueries(store, Clock.systemUTC());
        long t0 = System.nanoTime();
        StatsReport first = queries.report(Duration.ofHours(1), null);
        long t1 = System.nanoTime();
        byte[] firstJson = Json.writeBytes(first);
        System.out.printf("in-process, first report of the window (builds its aggregates): aggregate %.1f ms, "
                + "%,d sites, %,d KB JSON%n", (t1 - t0) / 1e6, first.sites().size(), firstJson.length >> 10);
        long[] aggregate = new long[50];
        long[] serialise = new long[50];
        for (int i = 0; i < 70; i++) {
            long a0 = System.nanoTime();
            StatsReport report = queries.report(Duration.ofHours(1), null);
            long a1 = System.nanoTime();
            Json.writeBytes(report);
            long a2 = System.nanoTime();
            if (i >= 20) {
                aggregate[i - 20] = a1 - a0;
                serialise[i - 20] = a2 - a1;
            }
        }
        Arrays.sort(aggregate);
        Arrays.sort(serialise);
        System.out.printf("in-process, 50 runs: aggregate p50 %.1f ms p99 %.1f ms; JSON (one thread) p50 %.1f ms "
                        + "p99 %.1f ms%n", BenchData.percentile(aggregate, 50), BenchData.percentile(aggregate, 99),
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
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long ingested0 = ingested.get();
            long[] nanos = new long[requests];
            List<String> afterBoundary = new ArrayList<>();
            long minute = System.currentTimeMillis() / 60_000;
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                nanos[i] = System.nanoTime() - start;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + r.statusCode());
                }
                long m = System.currentTimeMillis() / 60_000;
                if (m != minute) {
                    minute = m;
                    afterBoundary.add(String.format("%.1f", nanos[i] / 1e6));
                }
                Thread.sleep(pauseMs);
            }
            double wallS = (System.nanoTime() - wall0) / 1e9;
            double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
            Arrays.sort(nanos);
            System.out.printf("GET /api/stats?window=1h, %,d sites, %,d KB JSON, %d requests over %.0f s while "
                            + "ingesting %,.0f/s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    sites, size >> 10, requests, wallS, (ingested.get() - ingested0) / wallS,
                    BenchData.percentile(nanos, 50), BenchData.percentile(nanos, 95), BenchData.percentile(nanos, 99),
                    nanos[nanos.length - 1] / 1e6);
            System.out.printf("first request after each minute boundary (the window moves): %s ms%n", afterBoundary);
            System.out.printf("process CPU %.1f ms per request, ingest included (server, client and ingest threads); "
                            + "load average %.1f on %d cores%n", cpuMs / requests, os.getSystemLoadAverage(),
                    os.getAvailableProcessors());
        } finally {
            ingesting.set(false);
            app.stop();
        }
    }

    /** Each site checked every 10 s from {@code from} on, written in batches every 100 ms at the real time. */
    private static void ingestLive(InMemoryMeasurementStore store, int sites, Instant from, AtomicBoolean running,
                                   AtomicLong ingested) {
        List<List<Integer>> atOffset = new ArrayList<>();
        for (int ms = 0; ms < 10_000; ms++) {
            atOffset.add(new ArrayList<>());
        }
        for (int s = 0; s < sites; s++) {
            atOffset.get(BenchData.offsetMs(s)).add(s);
        }
        SplittableRandom random = new SplittableRandom(7);
        long next = from.toEpochMilli() + 1; // BenchData wrote every check up to from
        while (running.get()) {
            long nowMs = System.currentTimeMillis();
            List<Measurement> batch = new ArrayList<>();
            for (; next <= nowMs; next++) {
                for (int s : atOffset.get((int) Math.floorMod(next, 10_000L))) {
                    batch.add(BenchData.one(s, next, Instant.ofEpochMilli(next), random));
                }
            }
            if (!batch.isEmpty()) {
                store.write(batch);
                ingested.addAndGet(batch.size());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
