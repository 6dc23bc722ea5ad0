package io.sitewatch.prober.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.canary.sim.SimulatedSites;
import io.sitewatch.canary.sim.SiteBehavior;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import io.sitewatch.prober.Prober;
import io.sitewatch.prober.ProberSettings;
import io.sitewatch.registry.TargetRegistry;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * One prober, the whole pipeline, on this machine: targets applied to the compacted topic of a real embedded
 * KRaft broker, sharded to the prober by its consumer group, checked over fresh loopback connections against
 * {@link SimulatedSites}, published to the measurements topic. After a warm-up it measures for a fixed window and
 * prints checks/s, schedule lag p50/p99 (exact, HdrHistogram), overload records, CPU seconds per 1,000 checks
 * (the whole process, and the prober's own threads apart from the simulated sites and the broker), and heap.
 *
 * <p>Run (see prober/README.md):
 * {@code mvn -q -B -pl prober -am verify -Pbench -DskipTests -Djacoco.skip=true}
 * with {@code -Dbench.targets=5000 -Dbench.interval=1s -Dbench.concurrency=256 -Dbench.warmup=30 -Dbench.seconds=20}.
 */
public final class ProberBenchmark {
    private ProberBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int targets = Integer.getInteger("bench.targets", 5000);
        Duration interval = io.sitewatch.time.Durations.parse(System.getProperty("bench.interval", "1s"));
        int concurrency = Integer.getInteger("bench.concurrency", 256);
        int warmup = Integer.getInteger("bench.warmup", 10);
        int seconds = Integer.getInteger("bench.seconds", 20);
        System.out.printf(Locale.ROOT, "bench: %d targets every %s (%.0f checks/s scheduled), max concurrency %d, "
                        + "warm-up %d s, measured %d s, %d CPUs%n", targets, interval,
                targets * 1000.0 / interval.toMillis(), concurrency, warmup, seconds,
                Runtime.getRuntime().availableProcessors());

        try (EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
             SimulatedSites sites = SimulatedSites.builder().build().start()) {
            kafka.start();
            Topics topics = new Topics("bench");
            kafka.createTopics(topics.all().stream().map(s -> s.newTopic(12, (short) 1)).toList());
            KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers());
            List<Target> list = new ArrayList<>();
            for (int i = 0; i < targets; i++) {
                String name = String.format("b%05d", i);
                sites.define(name, SiteBehavior.ok());
                list.add(new Target(name, sites.url(name).toString(), interval, Duration.ofMillis(
                        Math.min(2000, interval.toMillis() / 2)), null, null, null, true, 5, null, null));
            }
            new TargetRegistry(ks, topics, Duration.ofSeconds(60)).apply(list);

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ProberSettings settings = new ProberSettings(ks, topics, "bench", "bench-1", concurrency, 64 * 1024,
                    100_000, 12, (short) 1, Duration.ofSeconds(10));
            Recorder lag = new Recorder(1, Duration.ofSeconds(60).toNanos(), 3);
            try (Prober prober = new Prober(settings, registry)) {
                prober.metrics().observeLag(lag::recordValue);
                prober.start();
                long t0 = System.nanoTime();
                while (prober.targetsAssigned() < targets) {
                    if (System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos()) {
                        throw new IllegalStateException("only " + prober.targetsAssigned() + " targets assigned");
                    }
                    Thread.sleep(100);
                }
                System.out.printf(Locale.ROOT, "bench: %d targets assigned after %d ms; warming up%n",
                        prober.targetsAssigned(), (System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(warmup * 1000L);

                Map<String, Double> c0 = counts(registry);
                long sent0 = prober.publisher().sent();
                Map<String, long[]> sys0 = userSystemByComm();
                Map<String, Long> cpu0 = threadCpu();
                long proc0 = processCpu();
                lag.getIntervalHistogram(); // reset
                long w0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                double window = (System.nanoTime() - w0) / 1e9;
                Histogram h = lag.getIntervalHistogram();
                long proc1 = processCpu();
                Map<String, Long> cpu1 = threadCpu();
                Map<String, long[]> sys1 = userSystemByComm();
                Map<String, Double> c1 = counts(registry);
                long sent1 = prober.publisher().sent();

                Map<String, Double> delta = new TreeMap<>();
                c1.forEach((k, v) -> {
                    double d = v - c0.getOrDefault(k, 0.0);
                    if (d > 0) {
                        delta.put(k, d);
                    }
                });
                double overloaded = delta.getOrDefault("PROBER_OVERLOADED", 0.0);
                double checks = delta.values().stream().mapToDouble(Double::doubleValue).sum() - overloaded;
                Map<String, Double> cpuByGroup = cpuByGroup(cpu0, cpu1);
                double procSec = (proc1 - proc0) / 1e9;
                MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
                long heapBefore = mem.getHeapMemoryUsage().getUsed();
                System.gc();
                long heapAfterGc = mem.getHeapMemoryUsage().getUsed();

                System.out.println("---- sitewatch prober benchmark ----");
                System.out.printf(Locale.ROOT, "checks/s            %.0f  (%.0f checks in %.1f s; results %s)%n",
                        checks / window, checks, window, delta);
                System.out.printf(Locale.ROOT, "overload records    %.0f%n", overloaded);
                System.out.printf(Locale.ROOT, "published/s         %.0f%n", (sent1 - sent0) / window);
                System.out.printf(Locale.ROOT, "schedule lag        p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms "
                                + "(%d slots)%n", h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                        h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, h.getTotalCount());
                System.out.printf(Locale.ROOT, "CPU s / 1000 checks %.3f whole process (prober + simulated sites + "
                        + "broker; %.2f of %d cores busy)%n", procSec / (checks / 1000), procSec / window,
                        Runtime.getRuntime().availableProcessors());
                cpuByGroup.forEach((g, s) -> System.out.printf(Locale.ROOT,
                        "                    %.3f %s threads%n", s / (checks / 1000), g));
                cpuByKind(cpu0, cpu1, "prober").forEach((k, s) -> {
                    if (s / (checks / 1000) >= 0.001) {
                        System.out.printf(Locale.ROOT, "                      %.3f %s%n", s / (checks / 1000), k);
                    }
                });
                sys1.forEach((comm, us) -> {
                    long[] before = sys0.getOrDefault(comm, new long[2]);
                    double user = (us[0] - before[0]) / 100.0;
                    double sys = (us[1] - before[1]) / 100.0;
                    if (user + sys > 0.5) {
                        System.out.printf(Locale.ROOT, "  user/system       %.3f / %.3f s per 1000 checks: %s%n",
                                user / (checks / 1000), sys / (checks / 1000), comm);
                    }
                });
                System.out.printf(Locale.ROOT, "heap                %d MiB used, %d MiB after GC, max %d MiB%n",
                        heapBefore >> 20, heapAfterGc >> 20, Runtime.getRuntime().maxMemory() >> 20);
                System.out.println("------------------------------------");
            }
        }
        System.exit(0);
    }

    private static Map<String, Double> counts(SimpleMeterRegistry registry) {
        Map<String, Double> out = new HashMap<>();
        for (Counter c : registry.find("sitewatch.checks").counters()) {
            out.put(c.getId().getTag("result"), c.count());
        }
        return out;
    }

    /** Linux only: user and system clock ticks summed by thread name (15 characters) from /proc. */
    private static Map<String, long[]> userSystemByComm() {
        Map<String, long[]> out = new TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File t : tasks) {
            try {
                String stat = java.nio.file.Files.readString(new java.io.File(t, "stat").toPath());
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close).replaceAll("\\d+", "#");
                String[] f = stat.substring(close + 2).split(" ");
                long[] acc = out.computeIfAbsent(comm, k -> new long[2]);
                acc[0] += Long.parseLong(f[11]);
                acc[1] += Long.parseLong(f[12]);
            } catch (Exception e) {
                // thread ended meanwhile
            }
        }
        return out;
    }

    private static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long cpu = mx.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    out.put(info.getThreadId() + "|" + info.getThreadName(), cpu);
                }
            }
        }
        return out;
    }

    private static String group(String name) {
        if (name.startsWith("sitewatch-") || name.startsWith("OkHttp") || name.startsWith("Okio")
                || name.contains("sitewatch-prober")) {
            return "prober";
        }
        if (name.startsWith("sim-")) {
            return "simulated-sites";
        }
        return "broker-and-other";
    }

    /** Thread name without its numbers: "sitewatch-check-12" → "sitewatch-check-#". */
    private static String kind(String name) {
        return name.replaceAll("\\d+", "#");
    }

    private static Map<String, Double> cpuByKind(Map<String, Long> before, Map<String, Long> after, String group) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((key, cpu) -> {
            String name = key.substring(key.indexOf('|') + 1);
            if (group(name).equals(group)) {
                out.merge(kind(name), (cpu - before.getOrDefault(key, 0L)) / 1e9, Double::sum);
            }
        });
        return out;
    }

    private static Map<String, Double> cpuByGroup(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((key, cpu) -> {
            String name = key.substring(key.indexOf('|') + 1);
            double d = (cpu - before.getOrDefault(key, 0L)) / 1e9;
            out.merge(group(name), d, Double::sum);
        });
        return out;
    }
}
