package io.sitewatch.canary.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlackboxComparisonTest {
    @TempDir
    Path dir;

    @Test
    void theCanaryNeverHandsOutOnePortTwice() throws IOException {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            assertTrue(seen.add(CanaryRun.freePort()), "port handed out twice");
        }
    }

    @Test
    void oneSharedPortForBothProgramsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> comparison(4000, 4000));
        assertEquals("blackbox_exporter and prometheus need two ports, both were 4000", e.getMessage());
    }

    @Test
    void anHtmlAnswerWhereThePrometheusApiShouldBeIsNamedNotParsed() throws IOException {
        // blackbox_exporter answers any path with its HTML landing page: what the canary read when both got one port
        HttpServer html = serve("text/html", "<html><head><title>Blackbox Exporter</title></head></html>");
        try {
            BlackboxComparison c = comparison(1, html.getAddress().getPort());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> c.probes(Duration.ofMinutes(1), System.currentTimeMillis()));
            assertTrue(e.getMessage().startsWith("prometheus on port " + html.getAddress().getPort()
                    + " answered a query with HTTP 200 and no JSON (is another program on that port?): <html>"),
                    e.getMessage());
        } finally {
            html.stop(0);
        }
    }

    @Test
    void aPrometheusAnswerIsRead() throws IOException {
        HttpServer prom = serve("application/json",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                        + "\"value\":[1700000000.0,\"42\"]}]}}");
        try {
            assertEquals(42, comparison(1, prom.getAddress().getPort())
                    .probes(Duration.ofMinutes(1), System.currentTimeMillis()));
        } finally {
            prom.stop(0);
        }
    }

    private BlackboxComparison comparison(int blackboxPort, int prometheusPort) {
        return new BlackboxComparison(dir, List.of(new BlackboxComparison.Probe("a", "http://127.0.0.1:1/")),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(30), 0.8, blackboxPort, prometheusPort);
    }

    private static HttpServer serve(String contentType, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }
}
