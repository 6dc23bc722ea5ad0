package io.sitewatch.stats.bench;

import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import io.sitewatch.stats.store.influx.InfluxMeasurementStore;
import io.sitewatch.stats.store.influx.InfluxSettings;
import io.sitewatch.stats.store.influx.InfluxdFixture;
import java.time.Instant;
import java.util.List;

/**
 * Ingest rate into a local influxd (the test fixture: Debian's 1.6.7 behind the v2-write proxy) through the real
 * client, in batches of 5,000 as the ingest loop writes them: 2,000 sites × 100 checks = 200,000 measurements
 * after a 20,000-point warm-up. Prints measurements/s and checks the count read back with InfluxQL.
 */
public final class InfluxIngestBench {
    public static void main(String[] args) {
        if (!InfluxdFixture.installed()) {
            System.out.println("influxd is not installed (apt-get install influxdb): benchmark skipped");
            return;
        }
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Instant end = Instant.now();
        List<Measurement> points = BenchData.generate(2_000, ticks, end);
        try (InfluxdFixture influxd = InfluxdFixture.launch();
             InfluxMeasurementStore store = new InfluxMeasurementStore(
                     InfluxSettings.of(influxd.url(), "sitewatch", "bench/autogen", ""))) {
            store.check();
            List<Measurement> warm = BenchData.generate(200, 100, end.minusSeconds(86_400));
            for (int i = 0; i < warm.size(); i += 5000) {
                store.write(warm.subList(i, Math.min(warm.size(), i + 5000)));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < points.size(); i += 5000) {
                store.write(points.subList(i, Math.min(points.size(), i + 5000)));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("influxdb (%s via v2-write proxy): %,d measurements in %.2f s = %,.0f measurements/s%n",
                    "influxd 1.x", points.size(), s, points.size() / s);
            long stored = store.stats(end.minusSeconds(10L * ticks + 10), end.plusSeconds(1), null).stream()
                    .mapToLong(SiteStats::checks).sum();
            System.out.printf("read back with InfluxQL: %,d checks%n", stored);
        }
    }
}
