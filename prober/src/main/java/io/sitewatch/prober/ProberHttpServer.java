package io.sitewatch.prober;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.BuildInfo;
import io.sitewatch.json.Json;
import io.sitewatch.observability.HttpTelemetry;
import io.sitewatch.observability.JdkHttpTelemetry;
import io.sitewatch.observability.Readiness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code GET /health} (200 {@code {"status":"UP"}} or 503 {@code {"status":"DOWN"}}, with the build),
 * {@code /health/live}, {@code /health/ready} (polling its shard of the targets topic) and {@code GET /metrics}
 * (Prometheus text format) on the JDK's HTTP server: two read-only endpoints need no framework.
 */
public final class ProberHttpServer implements AutoCloseable {
    private final HttpServer server;

    public ProberHttpServer(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier healthy,
                            IntSupplier targets) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        Readiness readiness = new Readiness(() -> Readiness.Check.of(healthy.getAsBoolean(),
                Map.of("targets", targets.getAsInt())));
        List<HttpContext> contexts = new ArrayList<>();
        contexts.add(server.createContext("/health", ex -> {
            boolean up = healthy.getAsBoolean();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("targets", targets.getAsInt());
            body.putAll(BuildInfo.current().asMap());
            respond(ex, up ? 200 : 503, "application/json", Json.write(body));
        }));
        contexts.add(server.createContext("/health/live", ex -> answer(ex, readiness.live())));
        contexts.add(server.createContext("/health/ready", ex -> answer(ex, readiness.ready())));
        contexts.add(server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape())));
        HttpTelemetry telemetry = new HttpTelemetry(registry);
        contexts.forEach(c -> c.getFilters().add(new JdkHttpTelemetry(telemetry)));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sitewatch-prober-http");
            t.setDaemon(true);
            return t;
        }));
    }

    public ProberHttpServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, Readiness.Answer a) throws IOException {
        respond(ex, a.status(), "application/json", Json.write(a.body()));
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, "HEAD".equals(ex.getRequestMethod()) ? -1 : bytes.length);
            if (!"HEAD".equals(ex.getRequestMethod())) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
