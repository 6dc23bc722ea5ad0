package io.sitewatch.stats.bench;

import io.sitewatch.json.Json;
import io.sitewatch.json.JsonSerde;
import io.sitewatch.model.Measurement;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingest rate of the memory store, as the ingest loop drives it: JSON bytes → Measurement (the topic's serde)
 * → {@code write(batch)} in batches of 5,000. 10,000 sites × 100 checks = 1,000,000 measurements, after a
 * warm-up pass on a separate store. Prints measurements/s.
 */
public final class MemoryIngestBench {
    public static void main(String[] args) {
        int sites = 10_000;
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<Measurement> points = BenchData.generate(sites, ticks, Instant.now());
        List<byte[]> records = new ArrayList<>(points.size());
        for (Measurement m : points) {
            records.add(Json.writeBytes(m));
        }
        JsonSerde<Measurement> serde = new JsonSerde<>(Measurement.class);

        run(new InMemoryMeasurementStore(), records.subList(0, records.size() / 5), serde, "warm-up");
        run(new InMemoryMeasurementStore(), records, serde, "memory store, decode + write");
        InMemoryMeasurementStore store = new InMemoryMeasurementStore();
        long t0 = System.nanoTime();
        for (int i = 0; i < points.size(); i += 5000) {
            store.write(points.subList(i, Math.min(points.size(), i + 5000)));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("memory store, write only: %,d measurements in %.2f s = %,.0f measurements/s%n",
                points.size(), s, points.size() / s);
    }

    private static void run(InMemoryMeasurementStore store, List<byte[]> records, JsonSerde<Measurement> serde, String label) {
        long t0 = System.nanoTime();
        List<Measurement> batch = new ArrayList<>(5000);
        for (byte[] r : records) {
            batch.add(serde.deserialize("sitewatch.measurements", r));
            if (batch.size() == 5000) {
                store.write(batch);
                batch.clear();
            }
        }
        store.write(batch);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %,d measurements in %.2f s = %,.0f measurements/s (stored %,d, sites %,d)%n", label,
                records.size(), s, records.size() / s, store.written(), store.siteCount());
    }
}
