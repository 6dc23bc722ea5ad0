package io.sitewatch.dashboard.health;

import io.javalin.http.Context;
import io.sitewatch.dashboard.events.EventHub;
import io.sitewatch.dashboard.stats.StatsViews;
import io.sitewatch.time.Durations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: 200 while the process serves requests, with {@code status} UP, or DEGRADED when the
 * broker is not reached or a stats view is stale (the page still works, showing what it has).
 */
public final class HealthController {
    private final StatsViews views;
    private final EventHub hub;
    private final BooleanSupplier kafkaConnected;
    private final java.util.function.Supplier<Map<String, Object>> kafkaHealth;

    /** @param kafkaHealth the {@code kafka} entry (and an {@code error} when a topic is missing) */
    public HealthController(StatsViews views, EventHub hub, BooleanSupplier kafkaConnected,
                            java.util.function.Supplier<Map<String, Object>> kafkaHealth) {
        this.views = views;
        this.hub = hub;
        this.kafkaConnected = kafkaConnected;
        this.kafkaHealth = kafkaHealth;
    }

    public void get(Context ctx) {
        boolean kafka = kafkaConnected.getAsBoolean();
        List<Map<String, Object>> stats = views.all().stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("window", Durations.format(v.window()));
            m.put("stale", v.stale());
            m.put("updatedAt", v.updatedAt());
            m.put("error", v.error());
            return m;
        }).toList();
        boolean statsOk = views.all().stream().noneMatch(v -> v.stale());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", kafka && statsOk ? "UP" : "DEGRADED");
        body.putAll(kafkaHealth.get());
        body.put("stats", stats);
        body.put("sseClients", hub.clients());
        body.putAll(io.sitewatch.BuildInfo.current().asMap());
        ctx.json(body);
    }
}
