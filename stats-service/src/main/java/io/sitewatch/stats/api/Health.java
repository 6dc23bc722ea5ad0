package io.sitewatch.stats.api;

import io.sitewatch.kafka.BrokerContact;
import io.sitewatch.store.MeasurementStore;
import io.sitewatch.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The answer of {@code /health}: {@code ok}, or {@code degraded} while the store is unreachable or ingest has no
 * connection to Kafka (its description says {@code "kafka": "not connected"}). The store is probed at most once a
 * second however often /health is called.
 */
public final class Health {
    private static final Duration CACHE = Duration.ofSeconds(1);

    private final MeasurementStore store;
    private final Supplier<Map<String, Object>> ingest;
    private final Clock clock;
    private Instant checkedAt = Instant.MIN;
    private String storeError;

    public Health(MeasurementStore store, Supplier<Map<String, Object>> ingest, Clock clock) {
        this.store = store;
        this.ingest = ingest;
        this.clock = clock;
    }

    /**
     * @param ok      store reachable and ingest in touch with Kafka
     * @param storeUp store reachable: the instance can answer queries
     */
    public record Status(boolean ok, boolean storeUp, Map<String, Object> body) {
    }

    public synchronized Status status() {
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(CACHE) >= 0) {
            try {
                store.check();
                storeError = null;
            } catch (StoreUnavailableException e) {
                storeError = e.getMessage();
            } catch (RuntimeException e) {
                storeError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            checkedAt = now;
        }
        Map<String, Object> ingestState = ingest.get();
        boolean kafka = !BrokerContact.describe(false).equals(ingestState.get("kafka"));
        boolean ok = storeError == null && kafka;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "degraded");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", store.kind());
        s.put("status", storeError == null ? "up" : "down");
        if (storeError != null) {
            s.put("error", storeError);
        }
        body.put("store", s);
        body.put("ingest", ingestState);
        body.putAll(io.sitewatch.BuildInfo.current().asMap());
        return new Status(ok, storeError == null, body);
    }
}
