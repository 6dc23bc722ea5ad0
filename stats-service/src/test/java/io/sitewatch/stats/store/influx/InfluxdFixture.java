package io.sitewatch.stats.store.influx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code influxd} (Debian's 1.6.7 or any 1.x on the PATH, or {@code $SITEWATCH_INFLUXD}) on a loopback
 * port with a temporary data directory and a generated config (reporting off, every listener on 127.0.0.1),
 * fronted by a small proxy that adds the {@code /api/v2/write} endpoint 1.6 lacks:
 * {@code /api/v2/write?bucket=db/rp&precision=ms} becomes {@code /write?db=db&rp=rp&precision=ms}, the
 * Authorization header and body pass through, every other request passes through unchanged. When influxd is
 * stopped the proxy answers 502, as a load balancer would.
 *
 * <p>{@link #stop()} and {@link #start()} restart it on the same port and data directory.
 */
public final class InfluxdFixture implements AutoCloseable {
    private final Path dir;
    private final int httpPort;
    private final int rpcPort;
    private final String binary;
    private final HttpServer proxy;
    private final ExecutorService proxyThreads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "influxd-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private InfluxdFixture(String binary) throws IOException {
        this.binary = binary;
        this.dir = Files.createTempDirectory("sitewatch-influxd-");
        this.httpPort = freePort();
        this.rpcPort = freePort();
        Files.writeString(dir.resolve("influxdb.conf"), config());
        this.proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        proxy.createContext("/", this::forward);
        proxy.setExecutor(proxyThreads);
        proxy.start();
    }

    /** The influxd binary, or null when it is not installed. */
    public static String binary() {
        String configured = System.getenv("SITEWATCH_INFLUXD");
        if (configured != null && new File(configured).canExecute()) {
            return configured;
        }
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(d, "influxd");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        File usr = new File("/usr/bin/influxd");
        return usr.canExecute() ? usr.getPath() : null;
    }

    public static boolean installed() {
        return binary() != null;
    }

    /** Starts influxd and the proxy; fails when influxd is not installed (guard with {@link #installed()}). */
    public static InfluxdFixture launch() {
        String binary = binary();
        if (binary == null) {
            throw new IllegalStateException("influxd is not installed (apt-get install influxdb)");
        }
        try {
            InfluxdFixture f = new InfluxdFixture(binary);
            f.start();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The proxy: v2 write API plus everything influxd serves. Give this to the client. */
    public String url() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort();
    }

    /** influxd itself. */
    public String directUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts influxd on the same port and data directory and waits until it answers /ping. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            process = new ProcessBuilder(binary, "run", "-config", dir.resolve("influxdb.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(directUrl() + "/ping"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 204) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("influxd did not answer /ping within 60 s: " + logTail());
    }

    /** Stops influxd (SIGTERM, then SIGKILL after 15 s); the proxy keeps answering 502. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public synchronized void close() {
        stop();
        proxy.stop(0);
        proxyThreads.shutdownNow();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp dir left behind
        }
    }

    private String config() {
        String d = dir.toAbsolutePath().toString();
        return """
                reporting-disabled = true
                bind-address = "127.0.0.1:%2$d"
                [meta]
                  dir = "%1$s/meta"
                  logging-enabled = false
                [data]
                  dir = "%1$s/data"
                  wal-dir = "%1$s/wal"
                  query-log-enabled = false
                  trace-logging-enabled = false
                [retention]
                  enabled = false
                [shard-precreation]
                  enabled = false
                [monitor]
                  store-enabled = false
                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%3$d"
                  auth-enabled = false
                  log-enabled = false
                  pprof-enabled = false
                [subscriber]
                  enabled = false
                [continuous_queries]
                  enabled = false
                [logging]
                  level = "warn"
                """.formatted(d, rpcPort, httpPort);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String target = directUrl() + rewrite(uri.getRawPath(), uri.getRawQuery());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : List.of("Authorization", "Content-Type", "Accept", "Content-Encoding", "User-Agent")) {
                String v = exchange.getRequestHeaders().getFirst(h);
                if (v != null) {
                    request.header(h, v);
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                byte[] error = ("{\"code\":\"unavailable\",\"message\":\"influxd unreachable: "
                        + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(502, error.length);
                exchange.getResponseBody().write(error);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            response.headers().map().forEach((k, values) -> {
                if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("transfer-encoding")
                        && !k.equalsIgnoreCase("connection") && !k.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(k, v));
                }
            });
            byte[] out = response.body();
            boolean noBody = response.statusCode() == 204 || response.statusCode() == 304 || out.length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    /** {@code /api/v2/write?bucket=db/rp&precision=ms} → {@code /write?db=db&rp=rp&precision=ms}; others unchanged. */
    static String rewrite(String path, String rawQuery) {
        if (!"/api/v2/write".equals(path)) {
            return path + (rawQuery == null ? "" : "?" + rawQuery);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(k, v);
            }
        }
        String bucket = params.getOrDefault("bucket", "");
        int slash = bucket.indexOf('/');
        StringBuilder q = new StringBuilder("/write?db=")
                .append(URLEncoder.encode(slash < 0 ? bucket : bucket.substring(0, slash), StandardCharsets.UTF_8));
        if (slash >= 0) {
            q.append("&rp=").append(URLEncoder.encode(bucket.substring(slash + 1), StandardCharsets.UTF_8));
        }
        String precision = switch (params.getOrDefault("precision", "ns")) {
            case "ns" -> "n";
            case "us" -> "u";
            default -> params.getOrDefault("precision", "ns");
        };
        return q.append("&precision=").append(precision).toString();
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("influxd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
