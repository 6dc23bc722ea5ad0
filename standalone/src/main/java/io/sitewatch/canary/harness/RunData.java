package io.sitewatch.canary.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Everything a canary run collected, handed to {@link CanaryReport}. Filled by {@link CanaryRun}. */
final class RunData {
    /** A fault as it happened: wall-clock start and end, epoch ms. */
    record FaultEvent(String name, long startMs, long endMs, String detail) {
    }

    /** A timed query: when (epoch ms), how long (ms), and whether it answered 200. */
    record Query(long atMs, double ms, boolean ok) {
    }

    /** CPU seconds so far (since the checks began) at a moment: the prober, the reference, all of sitewatch. */
    record CpuPoint(long at, double prober, double blackbox, double prometheus, double sitewatchAll) {
    }

    CanarySettings settings;
    final List<CpuPoint> cpuTimeline = new CopyOnWriteArrayList<>();
    /** The steady part of the run (after warm-up and the last fault's aftermath), epoch ms; 0 when too short. */
    long steadyFrom;
    long steadyTo;
    long steadyBlackboxProbes;
    SitePlan plan;
    long checksFrom;
    long checksUntil;
    final List<FaultEvent> faults = new CopyOnWriteArrayList<>();
    final List<Query> statsQueries = new CopyOnWriteArrayList<>();
    final List<Query> dashboardQueries = new CopyOnWriteArrayList<>();
    final List<LatencyChart.Point> lagP50 = new CopyOnWriteArrayList<>();
    final List<LatencyChart.Point> lagP99 = new CopyOnWriteArrayList<>();
    final TreeMap<Double, Double> lagTotal = new TreeMap<>();
    final List<LatencyChart.Point> ingestRate = new CopyOnWriteArrayList<>();
    final Set<String> poison = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<ObservedMeasurement> measurements = List.of();
    List<ObservedAlert> alerts = List.of();
    Map<String, Set<String>> deadLettered = Map.of();
    Set<String> undecodable = Set.of();
    Map<String, Map<Long, Long>> storeCounts = Map.of();
    Map<String, List<ExpectedTransition>> expected = Map.of();
    final Map<String, ProcessUsage> usage = new LinkedHashMap<>();
    final Map<String, Long> memoryBounds = new LinkedHashMap<>();
    final Map<String, Integer> restarts = new LinkedHashMap<>();
    final Map<String, Integer> unplannedExits = new LinkedHashMap<>();
    double machineBusySeconds = -1;
    boolean drained;
    final List<String> notes = new ArrayList<>();
    // the comparison
    boolean compared;
    ProcessUsage blackbox;
    ProcessUsage prometheus;
    long blackboxProbes;
    /** Per outage site: Prometheus' knowable moment and first firing, epoch ms (null when not seen). */
    final Map<String, Long[]> prometheusDelays = new TreeMap<>();
}
