package io.sitewatch.alerter.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.function.Supplier;

/**
 * {@code GET /health} (200 {"status":"UP"} while Kafka Streams runs in touch with the broker, 503 otherwise) and
 * {@code GET /metrics} (Prometheus text). The JDK's HTTP server: two routes do not need a framework.
 */
public final class AdminServer implements AutoCloseable {
    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    /** Starts listening on {@code port} (0 = any free port) on all interfaces, without access log or RED metrics. */
    public static AdminServer start(int port, BooleanSupplier healthy, Supplier<Map<String, Object>> healthDetails,
                                    Supplier<String> prometheus) throws IOException {
        return start(port, healthy, healthDetails, prometheus, null);
    }

    /**
     * Starts listening on {@code port} (0 = any free port) on all interfaces. {@code /health} (as before, with the
     * build), {@code /health/live}, {@code /health/ready} (Kafka Streams RUNNING, in touch with the broker) and
     * {@code /metrics}.
     *
     * @param healthDetails what {@code /health} and {@code /health/ready} show besides the status (the streams
     *                      state, the Kafka connection)
     * @param telemetry     access log and RED metrics of these routes, or null
     */
    public static AdminServer start(int port, BooleanSupplier healthy, Supplier<Map<String, Object>> healthDetails,
                                    Supplier<String> prometheus, HttpTelemetry telemetry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        Readiness readiness = new Readiness(() -> Readiness.Check.of(healthy.getAsBoolean(), healthDetails.get()));
        List<HttpContext> contexts = new ArrayList<>();
        contexts.add(server.createContext("/health", exchange -> {
            if (!allowGet(exchange)) {
                return;
            }
            boolean up = healthy.getAsBoolean();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.putAll(healthDetails.get());
            body.putAll(BuildInfo.current().asMap());
            send(exchange, up ? 200 : 503, "application/json", Json.write(body));
        }));
        contexts.add(server.createContext("/health/live", exchange -> answer(exchange, readiness.live())));
        contexts.add(server.createContext("/health/ready", exchange -> answer(exchange, readiness.ready())));
        contexts.add(server.createContext("/metrics", exchange -> {
            if (!allowGet(exchange)) {
                return;
            }
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.get());
        }));
        if (telemetry != null) {
            contexts.forEach(c -> c.getFilters().add(new JdkHttpTelemetry(telemetry)));
        }
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "alerter-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new AdminServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, Readiness.Answer a) throws IOException {
        if (allowGet(exchange)) {
            send(exchange, a.status(), "application/json", Json.write(a.body()));
        }
    }

    private static boolean allowGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod())) {
            return true;
        }
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        send(exchange, 405, "application/json", "{\"error\":\"method not allowed\"}");
        return false;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
