package io.sitewatch.standalone.bench;

import io.sitewatch.canary.sim.SimulatedSites;
import io.sitewatch.canary.sim.SiteBehavior;
import io.sitewatch.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Standalone's footprint: launches {@code ./sitewatch standalone} with N simulated sites checked every 10 s
 * (the simulated sites run in this JVM, not in the measured tree), waits for start-up and a warm-up, then
 * samples RSS and CPU of the whole process tree (launcher JVM + broker child) from /proc.
 *
 * <pre>
 * mvn -q -B -pl standalone -am package -DskipTests -Djacoco.skip=true
 * mvn -q -B -pl standalone dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp standalone/target/test-classes:$(cat standalone/target/bench.cp) \
 *   io.sitewatch.standalone.bench.StandaloneFootprintBenchmark [sites=1000] [warmupSeconds=90] [measureSeconds=60]
 * </pre>
 */
public final class StandaloneFootprintBenchmark {
    public static void main(String[] args) throws Exception {
        int sites = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        int measure = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path dir = Files.createTempDirectory("sitewatch-footprint");
        try (SimulatedSites sim = new SimulatedSites().start()) {
            StringBuilder json = new StringBuilder("{\"websites\": [");
            for (int i = 0; i < sites; i++) {
                String name = "site-" + i;
                sim.define(name, SiteBehavior.latency(Duration.ofMillis(20)));
                json.append(i == 0 ? "" : ",").append("{\"name\": \"").append(name).append("\", \"url\": \"")
                        .append(sim.url(name)).append("\"}");
            }
            json.append("], \"defaults\": {\"interval\": \"10s\"}}");
            Path config = Files.writeString(dir.resolve("config.json"), json);
            int port = FreePorts.loopback();
            Path launcher = Path.of(System.getProperty("sitewatch.launcher", "sitewatch")).toAbsolutePath();
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(launcher.toString(), "standalone", "--config", config.toString(),
                    "--data-dir", dir.resolve("data").toString(), "--port", Integer.toString(port),
                    "--kafka-port", Integer.toString(FreePorts.loopback()),
                    "--kafka-controller-port", Integer.toString(FreePorts.loopback()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("standalone.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                while (true) {
                    try {
                        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            break;
                        }
                    } catch (Exception notYet) {
                        // starting
                    }
                    if (!p.isAlive()) {
                        throw new IllegalStateException("standalone exited; see " + dir.resolve("standalone.log"));
                    }
                    Thread.sleep(200);
                }
                System.out.printf("ready (dashboard answering) in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                Thread.sleep(warmup * 1000L);
                long requestsBefore = sim.requestCounts().values().stream().mapToLong(Long::longValue).sum();
                double cpu0 = cpuSeconds(tree(p.toHandle()));
                long maxRss = 0;
                for (int s = 0; s < measure; s++) {
                    maxRss = Math.max(maxRss, rssBytes(tree(p.toHandle())));
                    Thread.sleep(1000);
                }
                double cpu = cpuSeconds(tree(p.toHandle())) - cpu0;
                long requests = sim.requestCounts().values().stream().mapToLong(Long::longValue).sum() - requestsBefore;
                System.out.printf("sites %d every 10s: %.1f checks/s served%n", sites, requests / (double) measure);
                System.out.printf("process tree RSS max %.0f MB; CPU %.1f %% of one core (%d processes)%n",
                        maxRss / 1e6, 100 * cpu / measure, tree(p.toHandle()).size());
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    private static long rssBytes(List<ProcessHandle> procs) throws Exception {
        long total = 0;
        for (ProcessHandle h : procs) {
            Path status = Path.of("/proc", Long.toString(h.pid()), "status");
            if (!Files.exists(status)) {
                continue;
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    total += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        }
        return total;
    }

    private static double cpuSeconds(List<ProcessHandle> procs) throws Exception {
        double total = 0;
        for (ProcessHandle h : procs) {
            Path stat = Path.of("/proc", Long.toString(h.pid()), "stat");
            if (!Files.exists(stat)) {
                continue;
            }
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks
        }
        return total;
    }
}
