package io.sitewatch.stats.api;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.observability.HttpTelemetry;
import io.sitewatch.observability.JavalinTelemetry;
import io.sitewatch.observability.Readiness;
import io.sitewatch.store.StoreUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stats service's HTTP API: every route in one block, every error mapped to JSON once. */
public final class StatsApp {
    private static void answer(io.javalin.http.Context ctx, Readiness.Answer a) {
        ctx.status(a.status()).json(a.body());
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatsApp.class);
    private static final String HANDLED = "sitewatch.error.handled";

    private StatsApp() {
    }

    public static Javalin create(StatsQueries queries, Health health, PrometheusMeterRegistry metrics) {
        return create(queries, health, metrics, new ReadToken(null));
    }

    /** @param readToken guards {@code /api/*} when set; {@code /health} and {@code /metrics} stay open */
    public static Javalin create(StatsQueries queries, Health health, PrometheusMeterRegistry metrics,
                                 ReadToken readToken) {
        StatsController stats = new StatsController(queries);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = 64 * 1024; // no route takes a body
            config.http.prefer405over404 = true; // POST /api/stats is a wrong method, not a missing resource
            JavalinTelemetry.install(config, new HttpTelemetry(metrics));

            config.routes.before("/api/*", readToken::check);
            config.routes.get("/api/stats", stats::stats);
            config.routes.get("/api/stats/series", stats::series);
            config.routes.get("/health", ctx -> {
                Health.Status status = health.status();
                ctx.status(status.ok() ? 200 : 503).json(status.body());
            });
            Readiness readiness = new Readiness(() -> {
                Health.Status status = health.status();
                Object ingest = status.body().get("ingest");
                boolean running = ingest instanceof Map<?, ?> m && "running".equals(m.get("state"));
                // Ready means able to answer queries: a broker outage stops new measurements, not the answers
                // about the ones stored, so it shows in /health (degraded) but does not take the instance out.
                return Readiness.Check.of(status.storeUp() && running, Map.of("store", status.body().get("store"),
                        "ingest", ingest == null ? Map.of() : ingest));
            });
            config.routes.get("/health/live", ctx -> answer(ctx, readiness.live()));
            config.routes.get("/health/ready", ctx -> answer(ctx, readiness.ready()));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));

            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", e.getMessage());
                body.putAll(e.getDetails());
                ctx.attribute(HANDLED, true);
                ctx.status(e.getStatus()).json(body);
            });
            config.routes.exception(StoreUnavailableException.class, (e, ctx) ->
                    ctx.status(503).json(Map.of("error", "store unavailable: " + e.getMessage())));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    ctx.status(400).json(Map.of("error", String.valueOf(e.getMessage()))));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request failed method={} route={}", ctx.method(), JavalinTelemetry.route(ctx), e);
                ctx.status(500).json(Map.of("error", "internal error"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute(HANDLED) == null) {
                    ctx.json(Map.of("error", "no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> { // a known route, another method
                String allowed = e.getDetails().getOrDefault("availableMethods", "GET");
                ctx.header("Allow", allowed);
                ctx.attribute(HANDLED, true);
                ctx.status(405).json(Map.of("error", "method not allowed: " + ctx.method() + " " + ctx.path()
                        + "; this resource takes " + allowed));
            });
        });
    }
}
