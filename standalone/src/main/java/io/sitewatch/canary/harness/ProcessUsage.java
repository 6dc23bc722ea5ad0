package io.sitewatch.canary.harness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU and memory of one logical service over every process it ran as (a killed and restarted service has
 * several): CPU seconds are summed over its processes (each at its last reading), the peak RSS is the highest
 * VmHWM seen. Readings are taken by {@link #sample} — periodically and right before a kill.
 */
public final class ProcessUsage {
    private final String name;
    private final Map<Long, ProcStats.Sample> lastByPid = new ConcurrentHashMap<>();
    private final Map<Long, Double> cpuAtStartByPid = new ConcurrentHashMap<>();
    private volatile long currentRss;

    public ProcessUsage(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Reads the process now; a pid seen for the first time is a new process of this service. */
    public void sample(long pid) {
        ProcStats.of(pid).ifPresent(s -> {
            lastByPid.put(pid, s);
            currentRss = s.rssBytes();
        });
    }

    /** Marks the CPU already used by a process at the start of the measured period (e.g. its start-up). */
    public void baseline(long pid) {
        ProcStats.of(pid).ifPresent(s -> {
            lastByPid.put(pid, s);
            cpuAtStartByPid.put(pid, s.cpuSeconds());
        });
    }

    /** CPU seconds over every process, minus what {@link #baseline} excluded. */
    public double cpuSeconds() {
        double sum = 0;
        for (Map.Entry<Long, ProcStats.Sample> e : lastByPid.entrySet()) {
            sum += e.getValue().cpuSeconds() - cpuAtStartByPid.getOrDefault(e.getKey(), 0.0);
        }
        return sum;
    }

    /** The highest peak RSS of any of its processes, or null when never read. */
    public Long peakRssBytes() {
        return lastByPid.values().stream().mapToLong(ProcStats.Sample::hwmBytes).boxed().max(Long::compare).orElse(null);
    }

    public long currentRssBytes() {
        return currentRss;
    }

    public int processes() {
        return lastByPid.size();
    }
}
