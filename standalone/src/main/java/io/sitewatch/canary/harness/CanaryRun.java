package io.sitewatch.canary.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.alerter.rule.AvailabilityRule;
import io.sitewatch.canary.sim.SimulatedSites;
import io.sitewatch.config.ConfigParser;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.Target;
import io.sitewatch.registry.TargetRegistry;
import io.sitewatch.standalone.broker.BrokerProcess;
import io.sitewatch.standalone.broker.BrokerSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One canary run: simulated sites, the broker and each service in its own JVM (or an existing deployment),
 * optionally Prometheus + blackbox_exporter on the same sites; the scripted faults at fixed points of the run;
 * then a drain, the invariants and the report.
 */
public final class CanaryRun {
    private static final Logger log = LoggerFactory.getLogger(CanaryRun.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Duration GRACE = Duration.ofSeconds(30);
    static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(120);
    static final String ALERTER_APPLICATION_ID = "sitewatch-alerter";
    /** Heap per service; the RSS bound is the heap plus {@link #NATIVE_ALLOWANCE_MIB}. */
    static final Map<String, Integer> HEAP_MIB = Map.of("prober", 256, "stats", 384, "alerter", 256, "dashboard", 128,
            "broker", 384);
    /** Metaspace, code, thread stacks, direct buffers (and RocksDB for the alerter) on top of the heap. */
    static final int NATIVE_ALLOWANCE_MIB = 384;
    /** The broker also maps its log index files (a few hundred partitions with the internal topics). */
    static final int BROKER_NATIVE_ALLOWANCE_MIB = 640;

    private final CanarySettings settings;
    private final RunData data = new RunData();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Map<String, ChildService> services = new TreeMap<>();
    private Path work;
    private BrokerSettings brokerSettings;
    private volatile BrokerProcess broker;
    private final ProcessUsage brokerUsage = new ProcessUsage("broker");
    private final ProcessUsage canaryUsage = new ProcessUsage("canary (sites + harness)");
    private KafkaSettings kafka;
    private Topics topics;
    private URI statsUrl;
    private URI dashboardUrl;
    private URI proberMetrics;
    private URI statsMetrics;
    private BlackboxComparison blackbox;
    private volatile Map<Double, Double> lastLag;
    private volatile double lastIngested = -1;
    private volatile long lastScrapeMs;

    public CanaryRun(CanarySettings settings) {
        this.settings = settings;
        data.settings = settings;
    }

    /** Runs everything and returns the report; stops every process it started, whatever happens. */
    public CanaryReport run() throws Exception {
        // Ctrl-C or a kill of the canary stops the processes it started too
        Thread hook = new Thread(this::closeAll, "canary-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return execute();
        } finally {
            closeAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already
            }
        }
    }

    private CanaryReport execute() throws Exception {
        work = settings.workDir() != null ? Files.createDirectories(settings.workDir())
                : Files.createTempDirectory("sitewatch-canary-");
        log.info("canary work dir={}", work);
        SimulatedSites sim = new SimulatedSites().start();
        toClose.push(sim);
        topics = new Topics(settings.topicPrefix());
        if (settings.ownDeployment()) {
            startBrokerAndServices();
        } else {
            kafka = KafkaSettings.fromEnv(System.getenv(), settings.bootstrapServers());
            statsUrl = settings.statsUrl();
            dashboardUrl = settings.dashboardUrl();
        }
        TopicRecorder recorder = new TopicRecorder(kafka, topics).start();
        toClose.push(recorder);

        // The sites answer from the start; their outages are scripted relative to the first checks, once those
        // begin (a provisional plan with the outages a day away defines the same sites until then).
        SitePlan provisional = plan(Instant.now().plus(Duration.ofDays(1)));
        provisional.sites().forEach(s -> sim.define(s.name(), s.behavior()));
        SitePlan plan = provisional;
        SitewatchConfig config = config(plan, sim);
        Map<String, Target> targets = new HashMap<>();
        config.websites().forEach(t -> targets.put(t.id(), t));
        applyTargets(config);
        // stats, alerter, dashboard and Prometheus start side by side (each waits for its own health)
        List<Runnable> starts = new ArrayList<>();
        if (settings.ownDeployment()) {
            List.of("stats", "alerter", "dashboard").forEach(name -> starts.add(() -> startService(name)));
        }
        if (settings.compareBlackbox()) {
            List<BlackboxComparison.Probe> probes = plan.sites().stream()
                    .map(s -> new BlackboxComparison.Probe(s.name(), (s.https() ? sim.httpsUrl(s.name()) : sim.url(s.name())).toString()))
                    .toList();
            blackbox = new BlackboxComparison(Files.createDirectories(work.resolve("prometheus")), probes,
                    settings.interval(), settings.timeout(), settings.window(), settings.threshold(), freePort(), freePort());
            toClose.push(blackbox);
            starts.add(blackbox::start);
        }
        startTogether(starts);
        if (settings.ownDeployment()) {
            startService("prober");
        }
        long from = System.currentTimeMillis();
        data.checksFrom = from;
        plan = plan(Instant.ofEpochMilli(from));
        data.plan = plan;
        plan.sites().forEach(s -> sim.define(s.name(), s.behavior()));
        baselineCpu();
        double busyAtStart = ProcStats.machineBusySeconds();

        ScheduledExecutorService timers = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "canary-timer");
            t.setDaemon(true);
            return t;
        });
        try {
            timers.scheduleAtFixedRate(this::sampleProcesses, 0, 1, TimeUnit.SECONDS);
            timers.scheduleAtFixedRate(this::scrapeMetrics, 0, 5, TimeUnit.SECONDS);
            timers.scheduleAtFixedRate(this::timeQueries, 2, 1, TimeUnit.SECONDS);
            runFaults(from);
            long end = from + settings.duration().toMillis();
            sleepUntil(end);
            sampleProcesses();
            if (blackbox != null) {
                blackbox.sample();
            }
            double busyAtEnd = ProcStats.machineBusySeconds();
            data.machineBusySeconds = busyAtStart < 0 || busyAtEnd < 0 ? -1 : busyAtEnd - busyAtStart;
            data.checksUntil = System.currentTimeMillis();
            if (settings.ownDeployment()) {
                services.get("prober").stop(Duration.ofSeconds(40));
            }
        } finally {
            timers.shutdownNow();
            timers.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (!settings.ownDeployment()) {
            removeTargets(config);
        }
        drain(recorder);
        collect(recorder, targets);
        if (blackbox != null) {
            comparePrometheus(plan);
        }
        usage();
        return new CanaryReport(data);
    }

    private SitePlan plan(Instant start) {
        return SitePlan.of(settings.sites(), start, settings.duration(), settings.interval(), settings.window(),
                settings.threshold(), settings.faults().contains(Fault.HOSTILE));
    }

    // ---- start-up ----

    private void startBrokerAndServices() throws IOException {
        brokerSettings = new BrokerSettings(work.resolve("broker"), BrokerSettings.defaultLibDir(), freePort(), freePort(),
                List.of("-Xms128m", "-Xmx" + HEAP_MIB.get("broker") + "m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                        "-Djava.awt.headless=true"),
                Duration.ofSeconds(120), Duration.ofSeconds(20));
        broker = new BrokerProcess(brokerSettings);
        toClose.push(() -> {
            BrokerProcess b = broker;
            if (b != null) {
                b.close();
            }
        });
        broker.start();
        kafka = KafkaSettings.of(broker.bootstrapServers());
        try (Admin admin = Admin.create(kafka.common())) {
            topics.ensureCreated(admin, Topics.DEFAULT_PARTITIONS, (short) 1);
        }
        String cp = classpath();
        String b = broker.bootstrapServers();
        String p = settings.topicPrefix();
        int statsPort = freePort();
        int alerterPort = freePort();
        int dashboardPort = freePort();
        int proberPort = freePort();
        statsUrl = URI.create("http://127.0.0.1:" + statsPort);
        dashboardUrl = URI.create("http://127.0.0.1:" + dashboardPort);
        proberMetrics = URI.create("http://127.0.0.1:" + proberPort + "/metrics");
        statsMetrics = URI.create(statsUrl + "/metrics");
        define("stats", cp, List.of("stats", "--bootstrap-servers", b, "--topic-prefix", p, "--store", "memory",
                "--http-host", "127.0.0.1", "--http-port", Integer.toString(statsPort)), statsUrl + "/health");
        define("alerter", cp, List.of("alerter", "--bootstrap-servers", b, "--topic-prefix", p,
                "--threshold", Double.toString(settings.threshold()), "--window", settings.window().toMillis() + "ms",
                "--grace", GRACE.toSeconds() + "s", "--state-dir", work.resolve("alerter-state").toString(),
                "--application-id", ALERTER_APPLICATION_ID, "--http-port", Integer.toString(alerterPort)),
                "http://127.0.0.1:" + alerterPort + "/health");
        define("dashboard", cp, List.of("dashboard", "--bootstrap-servers", b, "--topic-prefix", p,
                "--stats-url", statsUrl.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(dashboardPort),
                "--config", work.resolve("config.json").toString()), dashboardUrl + "/health");
        define("prober", cp, List.of("prober", "--bootstrap-servers", b, "--topic-prefix", p,
                "--prober-id", "canary-prober", "--http-host", "127.0.0.1", "--http-port", Integer.toString(proberPort),
                "--max-concurrency", "256"), "http://127.0.0.1:" + proberPort + "/health");
    }

    private void define(String name, String cp, List<String> args, String health) {
        int heap = HEAP_MIB.get(name);
        ChildService s = new ChildService(name, List.of("-Xms64m", "-Xmx" + heap + "m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true"), cp, args, Map.of("SITEWATCH_LOG_LEVEL", "INFO"),
                work.resolve(name + ".log"), URI.create(health), (long) (heap + NATIVE_ALLOWANCE_MIB) << 20);
        services.put(name, s);
        toClose.push(s);
    }

    private static void startTogether(List<Runnable> starts) throws Exception {
        var pool = Executors.newFixedThreadPool(Math.max(1, starts.size()));
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            starts.forEach(r -> futures.add(pool.submit(r)));
            for (var f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void startService(String name) {
        services.get(name).start(SERVICE_START_TIMEOUT);
    }

    /** The services' classpath: sitewatch.jar and lib/ beside it, or this JVM's classpath in a build. */
    static String classpath() {
        try {
            Path self = Path.of(CanaryRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (self.toString().endsWith(".jar")) {
                return self + java.io.File.pathSeparator + self.getParent().resolve("lib").resolve("*");
            }
            // a build (target/classes): the packaged jar beside it, as the tests after `package` find it
            Path jar = self.getParent().resolve("sitewatch.jar");
            if (Files.isRegularFile(jar) && Files.isDirectory(self.getParent().resolve("lib"))) {
                return jar + java.io.File.pathSeparator + self.getParent().resolve("lib").resolve("*");
            }
        } catch (Exception e) {
            // fall through
        }
        return System.getProperty("java.class.path");
    }

    private SitewatchConfig config(SitePlan plan, SimulatedSites sim) throws IOException {
        StringBuilder sites = new StringBuilder();
        for (SitePlan.PlannedSite s : plan.sites()) {
            URI url = s.https() ? sim.httpsUrl(s.name()) : sim.url(s.name());
            sites.append(sites.isEmpty() ? "" : ",\n    ")
                    .append("{\"name\": \"").append(s.name()).append("\", \"url\": \"").append(url).append("\"}");
        }
        String json = "{\"websites\": [\n    " + sites + "\n  ],\n"
                + "  \"defaults\": {\"interval\": \"" + settings.interval().toMillis() + "ms\", \"timeout\": \""
                + settings.timeout().toMillis() + "ms\"},\n"
                + "  \"alerting\": {\"threshold\": " + settings.threshold() + ", \"window\": \""
                + settings.window().toMillis() + "ms\"}\n}\n";
        Files.writeString(work.resolve("config.json"), json);
        return ConfigParser.parse(json, false, "canary config");
    }

    private void applyTargets(SitewatchConfig config) {
        TargetRegistry registry = new TargetRegistry(kafka, topics, Duration.ofSeconds(60));
        if (settings.ownDeployment()) {
            registry.apply(config.websites());
        } else {
            config.websites().forEach(registry::put);
        }
    }

    private void removeTargets(SitewatchConfig config) {
        TargetRegistry registry = new TargetRegistry(kafka, topics, Duration.ofSeconds(60));
        config.websites().forEach(t -> registry.remove(t.id()));
    }

    // ---- during the run ----

    private void baselineCpu() {
        services.values().forEach(s -> s.usage().baseline(s.pid()));
        broker().ifPresent(pid -> brokerUsage.baseline(pid));
        canaryUsage.baseline(ProcessHandle.current().pid());
        if (blackbox != null) {
            blackbox.baseline();
        }
    }

    private java.util.Optional<Long> broker() {
        BrokerProcess b = broker;
        return b == null ? java.util.Optional.empty() : b.pid();
    }

    private void sampleProcesses() {
        try {
            services.values().forEach(s -> s.sample(SERVICE_START_TIMEOUT));
            broker().ifPresent(brokerUsage::sample);
            canaryUsage.sample(ProcessHandle.current().pid());
            if (blackbox != null) {
                blackbox.sample();
            }
            if (data.checksFrom > 0) {
                ChildService prober = services.get("prober");
                double all = brokerUsage.cpuSeconds() + services.values().stream()
                        .mapToDouble(s -> s.usage().cpuSeconds()).sum();
                data.cpuTimeline.add(new RunData.CpuPoint(System.currentTimeMillis(),
                        prober == null ? 0 : prober.usage().cpuSeconds(),
                        blackbox == null ? 0 : blackbox.blackboxUsage().cpuSeconds(),
                        blackbox == null ? 0 : blackbox.prometheusUsage().cpuSeconds(), all));
            }
        } catch (RuntimeException e) {
            log.warn("sampling failed: {}", e.toString());
        }
    }

    private void scrapeMetrics() {
        long now = System.currentTimeMillis();
        double t = (now - data.checksFrom) / 1000.0;
        if (proberMetrics != null) {
            String text = get(proberMetrics);
            if (text != null) {
                Map<Double, Double> lag = PromText.buckets(text, "sitewatch_schedule_lag_seconds");
                Map<Double, Double> previous = lastLag;
                if (previous != null && !lag.isEmpty()) {
                    Map<Double, Double> d = PromText.delta(previous, lag);
                    synchronized (data.lagTotal) {
                        d.forEach((k, v) -> data.lagTotal.merge(k, v, Double::sum));
                    }
                    Double p50 = PromText.quantile(d, 0.5);
                    Double p99 = PromText.quantile(d, 0.99);
                    if (p50 != null) {
                        data.lagP50.add(new LatencyChart.Point(t, p50 * 1000));
                        data.lagP99.add(new LatencyChart.Point(t, p99 * 1000));
                    }
                }
                if (!lag.isEmpty()) {
                    lastLag = lag;
                }
            }
        }
        if (statsMetrics != null) {
            String text = get(statsMetrics);
            if (text != null) {
                double ingested = PromText.sum(text, "sitewatch_stats_ingested_total");
                if (lastIngested >= 0 && ingested >= lastIngested && now > lastScrapeMs) {
                    data.ingestRate.add(new LatencyChart.Point(t, (ingested - lastIngested) * 1000.0 / (now - lastScrapeMs)));
                }
                lastIngested = ingested;
                lastScrapeMs = now;
            }
        }
    }

    private void timeQueries() {
        data.statsQueries.add(timed(URI.create(statsUrl + "/api/stats?window=10m")));
        if (dashboardUrl != null) {
            data.dashboardQueries.add(timed(URI.create(dashboardUrl + "/api/stats?window=10m")));
        }
    }

    private static RunData.Query timed(URI uri) {
        long at = System.currentTimeMillis();
        long t0 = System.nanoTime();
        boolean ok;
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            ok = r.statusCode() == 200;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        return new RunData.Query(at, (System.nanoTime() - t0) / 1e6, ok);
    }

    private static String get(URI uri) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs the requested faults at fixed fractions of the run, in order, on this thread. */
    private void runFaults(long from) {
        long d = settings.duration().toMillis();
        List<Map.Entry<Double, Fault>> plan = new ArrayList<>();
        for (Fault f : settings.faults()) {
            switch (f) {
                // the prober's gap comes before the first outage of a short run, so it cannot hide it
                case KILL_PROBER -> plan.add(Map.entry(0.15, f));
                case POISON -> plan.add(Map.entry(0.25, f));
                case KILL_STATS -> plan.add(Map.entry(0.40, f));
                case KILL_ALERTER -> plan.add(Map.entry(0.50, f));
                case BROKER_STOP -> plan.add(Map.entry(0.60, f));
                case HOSTILE, STORE_OUTAGE -> {
                }
            }
        }
        plan.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Double, Fault> e : plan) {
            sleepUntil(from + (long) (d * e.getKey()));
            long at = System.currentTimeMillis();
            String detail;
            try {
                detail = inject(e.getValue());
            } catch (RuntimeException ex) {
                detail = "failed: " + ex.getMessage();
                log.error("fault {} failed", e.getValue().cliName(), ex);
            }
            data.faults.add(new RunData.FaultEvent(e.getValue().cliName(), at, System.currentTimeMillis(), detail));
            log.info("fault done name={} detail={}", e.getValue().cliName(), detail);
        }
    }

    private String inject(Fault fault) {
        return switch (fault) {
            case KILL_PROBER -> killAndRestart("prober");
            case KILL_STATS -> killAndRestart("stats");
            case KILL_ALERTER -> killAndRestart("alerter");
            case BROKER_STOP -> stopBroker();
            case POISON -> poison();
            case HOSTILE, STORE_OUTAGE -> "";
        };
    }

    private String killAndRestart(String name) {
        ChildService s = services.get(name);
        long pid = s.pid();
        s.kill9();
        long t0 = System.nanoTime();
        s.start(SERVICE_START_TIMEOUT);
        return "kill -9 pid " + pid + "; healthy again after " + (System.nanoTime() - t0) / 1_000_000 + " ms as pid " + s.pid();
    }

    private String stopBroker() {
        BrokerProcess b = broker;
        b.pid().ifPresent(brokerUsage::sample);
        b.close();
        sleep(settings.brokerOutage().toMillis());
        BrokerProcess next = new BrokerProcess(brokerSettings);
        long t0 = System.nanoTime();
        next.start();
        broker = next;
        return "stopped for " + settings.brokerOutage().toSeconds() + " s; answering again "
                + (System.nanoTime() - t0) / 1_000_000 + " ms after restart";
    }

    /** Records that are not measurements: not JSON, truncated, missing fields, invalid values, binary. */
    static final List<String> POISON_VALUES = List.of("not json at all", "{\"id\": \"truncated",
            "{}", "{\"id\":\"p\",\"site\":\"p\",\"time\":\"yesterday\",\"up\":true}",
            "{\"id\":\"p\",\"site\":\"p\",\"time\":\"2026-01-01T00:00:00Z\",\"up\":true,\"status\":9999}",
            "\u0000\u0001\u0002\u00ff");

    private String poison() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("canary-poison"))) {
            for (int k = 0; k < settings.poisonRecords(); k++) {
                String value = POISON_VALUES.get(k % POISON_VALUES.size());
                RecordMetadata md = producer.send(new ProducerRecord<>(topics.measurements().name(),
                        ("canary-poison-" + k).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
                data.poison.add(md.partition() + ":" + md.offset());
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing poison records failed: " + e.getMessage(), e);
        }
        return data.poison.size() + " poison records produced";
    }

    // ---- after the run ----

    private void drain(TopicRecorder recorder) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        boolean measurements = recorder.awaitCaughtUp(remaining(deadline));
        boolean alerter = awaitAlerter(deadline);
        boolean alerts = recorder.awaitCaughtUp(remaining(deadline));
        long distinct = recorder.measurements().stream().map(ObservedMeasurement::id).distinct().count();
        boolean stats = awaitStats(distinct, deadline);
        data.drained = measurements && alerter && alerts && stats;
        if (!data.drained) {
            data.notes.add("drain incomplete after " + settings.drainTimeout().toSeconds() + " s: readers="
                    + (measurements && alerts) + " alerter=" + alerter + " stats=" + stats);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Waits until the alerter's consumer group has committed the end of every measurements partition. */
    private boolean awaitAlerter(long deadline) {
        String topic = topics.measurements().name();
        try (Admin admin = Admin.create(kafka.common())) {
            while (System.nanoTime() < deadline) {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin
                            .listConsumerGroupOffsets(ALERTER_APPLICATION_ID).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .forEach(i -> spec.put(new TopicPartition(topic, i.partition()), OffsetSpec.latest()));
                    var ends = admin.listOffsets(spec).all().get();
                    boolean done = true;
                    for (var e : ends.entrySet()) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        // a transactional commit marker can follow the last record; committed ≥ end − 1 is caught up
                        if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
                            done = false;
                        }
                    }
                    if (done) {
                        return true;
                    }
                } catch (Exception e) {
                    // not yet
                }
                sleep(500);
            }
        }
        return false;
    }

    /** Waits until the stats service holds as many checks as the topic has distinct measurements. */
    private boolean awaitStats(long distinct, long deadline) {
        while (System.nanoTime() < deadline) {
            Long stored = storedTotal();
            if (stored != null && stored >= distinct) {
                return true;
            }
            sleep(1000);
        }
        return false;
    }

    private Duration seriesWindow() {
        long span = System.currentTimeMillis() - data.checksFrom + 120_000;
        long step = 10_000;
        return Duration.ofMillis((span + step - 1) / step * step);
    }

    private Long storedTotal() {
        String body = get(URI.create(statsUrl + "/api/stats?window=" + seriesWindow().toSeconds() + "s"));
        if (body == null) {
            return null;
        }
        try {
            long total = 0;
            for (JsonNode s : Json.mapper().readTree(body).path("sites")) {
                total += s.path("checks").asLong();
            }
            return total;
        } catch (IOException e) {
            return null;
        }
    }

    private void collect(TopicRecorder recorder, Map<String, Target> targets) {
        data.measurements = recorder.measurements();
        data.alerts = recorder.alerts();
        data.deadLettered = recorder.deadLettered();
        data.undecodable = recorder.undecodable();
        AlertingPolicy defaults = new AlertingPolicy(settings.threshold(), settings.window(), null);
        OfflineRule rule = new OfflineRule(site -> {
            Target t = targets.get(site);
            return AvailabilityRule.resolve(t == null ? null : t.alerting(), defaults,
                    t == null ? settings.interval() : t.interval());
        }, GRACE.toMillis());
        data.expected = rule.expected(data.measurements);
        Map<String, Map<Long, Long>> store = new TreeMap<>();
        Duration window = seriesWindow();
        java.util.Set<String> sites = new java.util.TreeSet<>(targets.keySet());
        data.measurements.forEach(m -> sites.add(m.site()));
        for (String site : sites) {
            String body = get(URI.create(statsUrl + "/api/stats/series?site=" + site + "&window=" + window.toSeconds()
                    + "s&step=10s"));
            if (body == null) {
                data.notes.add("series of " + site + " could not be read");
                continue;
            }
            try {
                Map<Long, Long> buckets = new TreeMap<>();
                for (JsonNode p : Json.mapper().readTree(body).path("points")) {
                    long checks = p.path("stats").path("checks").asLong();
                    if (checks > 0) {
                        buckets.put(Instant.parse(p.path("time").asText()).toEpochMilli(), checks);
                    }
                }
                if (!buckets.isEmpty()) {
                    store.put(site, buckets);
                }
            } catch (IOException e) {
                data.notes.add("series of " + site + " unreadable: " + e.getMessage());
            }
        }
        data.storeCounts = store;
    }

    private void comparePrometheus(SitePlan plan) {
        data.compared = true;
        data.blackbox = blackbox.blackboxUsage();
        data.prometheus = blackbox.prometheusUsage();
        long at = data.checksUntil;
        Duration range = Duration.ofMillis(at - data.checksFrom);
        data.blackboxProbes = blackbox.probes(range, at);
        long lastFaultEnd = data.faults.stream().mapToLong(RunData.FaultEvent::endMs).max().orElse(0);
        long steadyFrom = Math.max(data.checksFrom + settings.window().toMillis(), lastFaultEnd + CanaryReport.FAULT_AFTERMATH_MS);
        if (at - steadyFrom >= 60_000) {
            data.steadyFrom = steadyFrom;
            data.steadyTo = at;
            data.steadyBlackboxProbes = blackbox.probes(Duration.ofMillis(at - steadyFrom), at);
        }
        Map<String, Long> firing = blackbox.firstFiring();
        Duration sampleRange = Duration.ofMillis(at - data.checksFrom + 60_000);
        for (ScriptedOutage o : plan.outages()) {
            List<BlackboxComparison.Sample> success = blackbox.samples("probe_success", o.site(), sampleRange, at);
            List<BlackboxComparison.Sample> duration = blackbox.samples("probe_duration_seconds", o.site(), sampleRange, at);
            Long crossing = BlackboxComparison.firstCrossing(success, o.from(), settings.window().toMillis(),
                    settings.threshold());
            Long known = null;
            if (crossing != null) {
                double d = duration.stream().filter(s -> s.timeMs() == crossing).mapToDouble(BlackboxComparison.Sample::value)
                        .findFirst().orElse(0);
                known = crossing + Math.round(d * 1000);
            }
            data.prometheusDelays.put(o.site(), new Long[] {known, firing.get(o.site())});
        }
    }

    private void usage() {
        services.forEach((name, s) -> {
            data.usage.put(name, s.usage());
            data.memoryBounds.put(name, s.memoryBoundBytes());
            data.restarts.put(name, Math.max(0, s.starts() - 1));
            data.unplannedExits.put(name, s.unplannedExits());
        });
        if (settings.ownDeployment()) {
            data.usage.put("broker", brokerUsage);
            data.memoryBounds.put("broker", (long) (HEAP_MIB.get("broker") + BROKER_NATIVE_ALLOWANCE_MIB) << 20);
        }
        data.usage.put("canary", canaryUsage);
    }

    private synchronized void closeAll() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                log.warn("stop failed: {}", e.toString());
            }
        }
    }

    /** Ports this JVM has handed out: the kernel may give a just-closed ephemeral port again on the next ask. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A loopback port free a moment ago and never returned before by this JVM. Without the second condition two
     * calls in a row can return the same port (seen in CI: Prometheus and blackbox_exporter were both given 32921;
     * Prometheus failed to bind and the canary read blackbox_exporter's HTML as Prometheus' answers).
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
        throw new IOException("no loopback port that this canary has not already handed out, after 100 tries");
    }

    private static void sleepUntil(long epochMs) {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            sleep(wait);
        }
    }

    private static void sleep(long ms) {
        ChildService.sleep(ms);
    }
}
