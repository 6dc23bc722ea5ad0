package io.sitewatch.canary.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The industry reference on the same sites: Debian's {@code prometheus-blackbox-exporter} and {@code prometheus}
 * started on loopback with generated configs — scrape interval = the check interval, scrape timeout = the
 * check timeout, rule evaluation every 15 s, rule {@code avg_over_time(probe_success[W]) < threshold} — and a
 * poller of {@code /api/v1/alerts} every 200 ms that notes when each site's alert is first seen firing.
 *
 * <p>The blackbox module verifies certificates, as sitewatch's prober does (system trust store): the
 * self-signed site fails in both. Valid statuses are 200–399 and redirects are followed, as in sitewatch's
 * defaults.
 */
public final class BlackboxComparison implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlackboxComparison.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(15);

    /** A site to probe: its id and URL. */
    public record Probe(String site, String url) {
    }

    /** One raw sample of a series. */
    public record Sample(long timeMs, double value) {
    }

    private final Path dir;
    private final List<Probe> probes;
    private final Duration interval;
    private final Duration timeout;
    private final Duration window;
    private final double threshold;
    private final int blackboxPort;
    private final int prometheusPort;
    private final ProcessUsage blackboxUsage = new ProcessUsage("blackbox_exporter");
    private final ProcessUsage prometheusUsage = new ProcessUsage("prometheus");
    private final Map<String, Long> firstFiring = new ConcurrentHashMap<>();
    private Process blackbox;
    private Process prometheus;
    private Thread poller;
    private volatile boolean polling;

    public BlackboxComparison(Path dir, List<Probe> probes, Duration interval, Duration timeout, Duration window,
                              double threshold, int blackboxPort, int prometheusPort) {
        if (blackboxPort == prometheusPort) {
            throw new IllegalArgumentException("blackbox_exporter and prometheus need two ports, both were "
                    + blackboxPort);
        }
        this.dir = dir;
        this.probes = List.copyOf(probes);
        this.interval = interval;
        this.timeout = timeout;
        this.window = window;
        this.threshold = threshold;
        this.blackboxPort = blackboxPort;
        this.prometheusPort = prometheusPort;
    }

    /** Whether both Debian binaries are installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/prometheus"))
                && Files.isExecutable(Path.of("/usr/bin/prometheus-blackbox-exporter"));
    }

    public void start() {
        try {
            Files.createDirectories(dir.resolve("tsdb"));
            Files.writeString(dir.resolve("blackbox.yml"), blackboxConfig());
            Files.writeString(dir.resolve("rules.yml"), rules());
            Files.writeString(dir.resolve("prometheus.yml"), prometheusConfig());
            blackbox = new ProcessBuilder("/usr/bin/prometheus-blackbox-exporter",
                    "--config.file=" + dir.resolve("blackbox.yml"),
                    "--web.listen-address=127.0.0.1:" + blackboxPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("blackbox.log").toFile()).start();
            awaitOk(URI.create("http://127.0.0.1:" + blackboxPort + "/metrics"), blackbox, "blackbox_exporter", "");
            prometheus = new ProcessBuilder("/usr/bin/prometheus",
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--storage.tsdb.retention.time=1d",
                    "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            // "Prometheus Server is Ready.": a 200 from another program on that port is not Prometheus being ready
            awaitOk(URI.create(base() + "/-/ready"), prometheus, "prometheus", "Prometheus");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus/blackbox_exporter", e);
        }
        polling = true;
        poller = new Thread(this::poll, "canary-prometheus-alerts");
        poller.setDaemon(true);
        poller.start();
        log.info("prometheus and blackbox_exporter started prometheus={} blackbox={}", prometheusPort, blackboxPort);
    }

    String blackboxConfig() {
        String codes = IntStream.rangeClosed(200, 399).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "modules:\n"
                + "  http_canary:\n"
                + "    prober: http\n"
                + "    timeout: " + timeout.toMillis() + "ms\n"
                + "    http:\n"
                + "      preferred_ip_protocol: ip4\n"
                + "      follow_redirects: true\n"
                + "      valid_status_codes: [" + codes + "]\n";
    }

    String rules() {
        return "groups:\n"
                + "  - name: canary\n"
                + "    interval: " + EVALUATION_INTERVAL.toSeconds() + "s\n"
                + "    rules:\n"
                + "      - alert: SiteDown\n"
                + "        expr: avg_over_time(probe_success{job=\"blackbox\"}[" + window.toSeconds() + "s]) < "
                + threshold + "\n";
    }

    String prometheusConfig() {
        StringBuilder b = new StringBuilder();
        b.append("global:\n")
                .append("  scrape_interval: ").append(interval.toMillis()).append("ms\n")
                .append("  scrape_timeout: ").append(timeout.toMillis()).append("ms\n")
                .append("  evaluation_interval: ").append(EVALUATION_INTERVAL.toSeconds()).append("s\n")
                .append("rule_files:\n  - ").append(dir.resolve("rules.yml")).append('\n')
                .append("scrape_configs:\n")
                .append("  - job_name: blackbox\n")
                .append("    metrics_path: /probe\n")
                .append("    params:\n      module: [http_canary]\n")
                .append("    static_configs:\n");
        for (Probe p : probes) {
            b.append("      - targets: ['").append(p.url()).append("']\n")
                    .append("        labels: {site: '").append(p.site()).append("'}\n");
        }
        b.append("    relabel_configs:\n")
                .append("      - source_labels: [__address__]\n        target_label: __param_target\n")
                .append("      - source_labels: [__param_target]\n        target_label: instance\n")
                .append("      - target_label: __address__\n        replacement: 127.0.0.1:").append(blackboxPort).append('\n');
        return b.toString();
    }

    private String base() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    /** Waits until {@code uri} answers 200 with a body containing {@code mark}, while {@code p} lives. */
    private static void awaitOk(URI uri, Process p, String name, String mark) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + p.exitValue() + " while starting");
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains(mark)) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ChildService.sleep(200);
        }
        throw new IllegalStateException(name + " did not answer within 60s");
    }

    private void poll() {
        URI uri = URI.create(base() + "/api/v1/alerts");
        while (polling) {
            try {
                String body = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                long now = System.currentTimeMillis();
                for (JsonNode a : Json.mapper().readTree(body).path("data").path("alerts")) {
                    if ("firing".equals(a.path("state").asText())) {
                        firstFiring.putIfAbsent(a.path("labels").path("site").asText(), now);
                    }
                }
            } catch (IOException e) {
                // prometheus busy or stopping; next poll
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads CPU and memory of both processes. */
    public void sample() {
        if (blackbox != null && blackbox.isAlive()) {
            blackboxUsage.sample(blackbox.pid());
        }
        if (prometheus != null && prometheus.isAlive()) {
            prometheusUsage.sample(prometheus.pid());
        }
    }

    /** Excludes start-up CPU: from now on is the measured period. */
    public void baseline() {
        blackboxUsage.baseline(blackbox.pid());
        prometheusUsage.baseline(prometheus.pid());
    }

    public ProcessUsage blackboxUsage() {
        return blackboxUsage;
    }

    public ProcessUsage prometheusUsage() {
        return prometheusUsage;
    }

    /** When each site's alert was first seen firing (wall clock, epoch ms). */
    public Map<String, Long> firstFiring() {
        return Map.copyOf(firstFiring);
    }

    /** The raw samples of {@code metric} for one site over the {@code range} before {@code atMs}. */
    public List<Sample> samples(String metric, String site, Duration range, long atMs) {
        String query = metric + "{job=\"blackbox\",site=\"" + site + "\"}[" + range.toSeconds() + "s]";
        JsonNode result = query(query, atMs);
        List<Sample> out = new ArrayList<>();
        for (JsonNode series : result) {
            for (JsonNode v : series.path("values")) {
                out.add(new Sample(Math.round(v.get(0).asDouble() * 1000), Double.parseDouble(v.get(1).asText())));
            }
        }
        out.sort(java.util.Comparator.comparingLong(Sample::timeMs));
        return out;
    }

    /** Probes run in (atMs − range, atMs]: the number of probe_success samples. */
    public long probes(Duration range, long atMs) {
        JsonNode r = query("sum(count_over_time(probe_success{job=\"blackbox\"}[" + range.toSeconds() + "s]))", atMs);
        return r.isEmpty() ? 0 : Math.round(Double.parseDouble(r.get(0).path("value").get(1).asText()));
    }

    private JsonNode query(String promql, long atMs) {
        URI uri = URI.create(base() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + (atMs / 1000.0));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            if (!response.headers().firstValue("Content-Type").orElse("").contains("json")) {
                throw new IllegalStateException("prometheus on port " + prometheusPort + " answered a query with HTTP "
                        + response.statusCode() + " and no JSON (is another program on that port?): "
                        + body.substring(0, Math.min(200, body.length())));
            }
            JsonNode root = Json.mapper().readTree(body);
            if (!"success".equals(root.path("status").asText())) {
                throw new IllegalStateException("prometheus query failed: " + body);
            }
            return root.path("data").path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first sample at or after {@code fromMs} whose window [t − W, t] (Prometheus 2's closed range) has an
     * average below the threshold, as epoch ms of the sample, or null.
     */
    public static Long firstCrossing(List<Sample> samples, long fromMs, long windowMs, double threshold) {
        for (int k = 0; k < samples.size(); k++) {
            long t = samples.get(k).timeMs();
            if (t < fromMs) {
                continue;
            }
            double sum = 0;
            int n = 0;
            for (int j = k; j >= 0 && samples.get(j).timeMs() >= t - windowMs; j--) {
                sum += samples.get(j).value();
                n++;
            }
            if (n > 0 && sum / n < threshold) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void close() {
        polling = false;
        for (Process p : new Process[] {prometheus, blackbox}) {
            if (p != null) {
                p.destroy();
                try {
                    if (!p.waitFor(15, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
