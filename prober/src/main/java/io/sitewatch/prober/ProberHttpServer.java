package io.sitewatch.prober;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code GET /health} (200 {@code {"status":"UP"}} or 503 {@code {"status":"DOWN"}}) and {@code GET /metrics}
 * (Prometheus text format) on the JDK's HTTP server: two read-only endpoints need no framework.
 */
public final class ProberHttpServer implements AutoCloseable {
    private final HttpServer server;

    public ProberHttpServer(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier healthy,
                            IntSupplier targets) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/health", ex -> {
            boolean up = healthy.getAsBoolean();
            respond(ex, up ? 200 : 503, "application/json",
                    "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"targets\":" + targets.getAsInt() + "}");
        });
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
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
