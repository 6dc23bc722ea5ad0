package io.sitewatch.canary.harness;

import io.sitewatch.json.Json;
import io.sitewatch.model.AlertType;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The figures and invariants of a run, as text, JSON and a PNG chart. */
public final class CanaryReport {
    static final long STORE_STEP_MS = 10_000;
    private final RunData d;
    private final List<InvariantResult> invariants = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final java.util.Set<String> disturbedOutages = new java.util.HashSet<>();
    /** How long after a fault ends its effects still count as the fault's. */
    static final long FAULT_AFTERMATH_MS = 30_000;

    CanaryReport(RunData data) {
        this.d = data;
        build();
    }

    public List<InvariantResult> invariants() {
        return List.copyOf(invariants);
    }

    public boolean held() {
        return invariants.stream().allMatch(InvariantResult::held);
    }

    public String text() {
        return String.join("\n", lines) + "\n";
    }

    public Map<String, Object> json() {
        return json;
    }

    /** Writes base.txt, base.json and base.png. */
    public void write(Path base) throws IOException {
        Path dir = base.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        String name = base.getFileName().toString();
        Files.writeString(base.resolveSibling(name + ".txt"), text());
        Files.writeString(base.resolveSibling(name + ".json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        chart(base.resolveSibling(name + ".png"));
    }

    private void build() {
        CanarySettings s = d.settings;
        double seconds = Math.max(1, (d.checksUntil - d.checksFrom) / 1000.0);
        lines.add("sitewatch canary — " + Instant.ofEpochMilli(d.checksFrom) + " … " + Instant.ofEpochMilli(d.checksUntil));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("from", Instant.ofEpochMilli(d.checksFrom).toString());
        run.put("until", Instant.ofEpochMilli(d.checksUntil).toString());
        run.put("sites", d.plan.sites().size());
        run.put("outageSites", d.plan.outages().size());
        run.put("quietSites", d.plan.quietSites().size());
        run.put("hostileSites", d.plan.sites().stream().filter(p -> p.kind() == SitePlan.Kind.HOSTILE).count());
        run.put("intervalSeconds", s.interval().toMillis() / 1000.0);
        run.put("windowSeconds", s.window().toSeconds());
        run.put("threshold", s.threshold());
        run.put("durationSeconds", seconds);
        run.put("deployment", s.ownDeployment() ? "own processes (one JVM per service, broker in its own JVM)"
                : "existing: " + s.bootstrapServers());
        run.put("faults", d.faults.stream().map(f -> ordered("fault", f.name(),
                "atSeconds", round((f.startMs() - d.checksFrom) / 1000.0), "tookMs", f.endMs() - f.startMs(),
                "detail", f.detail())).toList());
        run.put("drained", d.drained);
        run.put("notes", d.notes);
        json.put("run", run);
        lines.add(String.format(Locale.ROOT, "run: %d sites (%d with a scripted outage, %d healthy or flaky, %s hostile), "
                        + "every %ss for %.0f s; window %ds, threshold %s; %s",
                d.plan.sites().size(), d.plan.outages().size(), d.plan.quietSites().size(), run.get("hostileSites"),
                fmt(s.interval().toMillis() / 1000.0), seconds, s.window().toSeconds(), s.threshold(), run.get("deployment")));
        for (RunData.FaultEvent f : d.faults) {
            lines.add(String.format(Locale.ROOT, "fault at %5.1f s: %-13s %s", (f.startMs() - d.checksFrom) / 1000.0,
                    f.name(), f.detail()));
        }
        d.notes.forEach(n -> lines.add("note: " + n));

        // checks
        long distinct = d.measurements.stream().map(ObservedMeasurement::id).distinct().count();
        long counted = d.measurements.stream().filter(m -> m.up() != null).map(ObservedMeasurement::id).distinct().count();
        long overloaded = distinct - counted;
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("measurements", distinct);
        checks.put("counted", counted);
        checks.put("proberOverloaded", overloaded);
        checks.put("topicDuplicates", Invariants.duplicateIds(d.measurements));
        checks.put("checksPerSecond", round(distinct / seconds));
        Double lag50;
        Double lag99;
        synchronized (d.lagTotal) {
            lag50 = ms(PromText.quantile(d.lagTotal, 0.5));
            lag99 = ms(PromText.quantile(d.lagTotal, 0.99));
        }
        checks.put("scheduleLagMs", ordered("p50", orNa(lag50), "p99", orNa(lag99),
                "source", "prober /metrics sitewatch_schedule_lag_seconds histogram, interpolated"));
        List<List<Double>> lagTimeline = new ArrayList<>();
        for (int k = 0; k < Math.min(d.lagP50.size(), d.lagP99.size()); k++) {
            lagTimeline.add(List.of(round(d.lagP50.get(k).t()), round(d.lagP50.get(k).ms()), round(d.lagP99.get(k).ms())));
        }
        // [seconds since the checks began, p50 ms, p99 ms] per 5 s scrape
        checks.put("scheduleLagTimeline", lagTimeline);
        json.put("checks", checks);
        lines.add(String.format(Locale.ROOT, "checks: %d measurements (%d counted, %d PROBER_OVERLOADED), %.1f checks/s; "
                + "schedule lag p50 %s ms, p99 %s ms", distinct, counted, overloaded, distinct / seconds, fmt(lag50), fmt(lag99)));

        // pipeline latency: check → alert on the topic
        List<Double> pipeline = new ArrayList<>();
        for (ObservedAlert a : d.alerts) {
            if (a.type() != AlertType.NO_DATA) {
                pipeline.add((double) (a.arrivedAt() - a.time()));
            }
        }
        Map<String, Object> pipe = stats(pipeline);
        pipe.put("definition", "alert read from sitewatch.alerts (read_committed) minus the scheduled time of the check that caused it");
        json.put("pipelineLatencyMs", pipe);
        lines.add(String.format(Locale.ROOT, "pipeline latency check→alert: p50 %s ms, p99 %s ms, max %s ms (%d alerts)",
                fmt(pipe.get("p50")), fmt(pipe.get("p99")), fmt(pipe.get("max")), pipeline.size()));

        // ingest and queries
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("meanPerSecond", round(distinct / seconds));
        ingest.put("peakPerSecond", orNa(Percentiles.max(d.ingestRate.stream().map(LatencyChart.Point::ms).toList())));
        // [seconds since the checks began, measurements/s over the last 5 s scrape]
        ingest.put("timeline", d.ingestRate.stream().map(p -> List.of(round(p.t()), round(p.ms()))).toList());
        json.put("ingest", ingest);
        lines.add(String.format(Locale.ROOT, "ingest: mean %s/s, peak %s/s (5 s scrapes of sitewatch_stats_ingested_total; "
                + "the peak is the memory store's rebuild after a restart)", fmt(ingest.get("meanPerSecond")), fmt(ingest.get("peakPerSecond"))));
        Map<String, Object> queries = new LinkedHashMap<>();
        queries.put("statsApi", queryStats(d.statsQueries));
        queries.put("dashboardApi", queryStats(d.dashboardQueries));
        json.put("queryLatencyMs", queries);
        lines.add("query latency GET /api/stats?window=10m, once a second: " + queryLine("stats", d.statsQueries) + "; "
                + queryLine("dashboard", d.dashboardQueries));

        // processes
        Map<String, Object> procs = new LinkedHashMap<>();
        lines.add("processes (CPU seconds over the checks, peak RSS, restarts):");
        double sitewatchCpu = 0;
        for (Map.Entry<String, ProcessUsage> e : d.usage.entrySet()) {
            ProcessUsage u = e.getValue();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("cpuSeconds", round(u.cpuSeconds()));
            p.put("peakRssMiB", u.peakRssBytes() == null ? "n/a" : u.peakRssBytes() >> 20);
            if (d.memoryBounds.containsKey(e.getKey())) {
                p.put("rssBoundMiB", d.memoryBounds.get(e.getKey()) >> 20);
                sitewatchCpu += u.cpuSeconds();
            }
            p.put("restarts", d.restarts.getOrDefault(e.getKey(), 0));
            p.put("unplannedExits", d.unplannedExits.getOrDefault(e.getKey(), 0));
            procs.put(e.getKey(), p);
            lines.add(String.format(Locale.ROOT, "  %-26s cpu %7.1f s  peak RSS %5s MiB%s  restarts %s%s", e.getKey(),
                    u.cpuSeconds(), p.get("peakRssMiB"),
                    p.containsKey("rssBoundMiB") ? " (bound " + p.get("rssBoundMiB") + ")" : "",
                    p.get("restarts"), d.unplannedExits.getOrDefault(e.getKey(), 0) > 0
                            ? ", UNPLANNED EXITS " + d.unplannedExits.get(e.getKey()) : ""));
        }
        json.put("processes", procs);
        json.put("machineBusyCpuSeconds", round(d.machineBusySeconds));
        lines.add(String.format(Locale.ROOT, "  whole machine busy: %.1f CPU s over the checks (2 cores, everything running, "
                + "both systems and anything else)", d.machineBusySeconds));

        // alert delay: sitewatch. An outage whose crossing check falls in a fault (from its start to 30 s after it
        // ended) is "disturbed": its delay measures the recovery from the fault, so it is also reported apart.
        List<Double> swKnow = new ArrayList<>();
        List<Double> swOverhead = new ArrayList<>();
        List<Double> swOverheadClear = new ArrayList<>();
        Map<String, ObservedMeasurement> byKey = new HashMap<>();
        d.measurements.forEach(m -> byKey.putIfAbsent(m.site() + "@" + m.time(), m));
        for (ScriptedOutage o : d.plan.outages()) {
            ObservedAlert down = d.alerts.stream().filter(a -> a.site().equals(o.site()) && a.type() == AlertType.DOWN
                    && a.time() >= o.from() && a.time() < o.until() + d.settings.window().toMillis()).findFirst().orElse(null);
            if (down == null) {
                continue;
            }
            ObservedMeasurement crossing = byKey.get(o.site() + "@" + down.time());
            if (crossing != null) {
                double overhead = down.arrivedAt() - crossing.knownAt();
                swKnow.add((double) (crossing.knownAt() - o.from()));
                swOverhead.add(overhead);
                boolean disturbed = disturbed(crossing.knownAt(), down.arrivedAt());
                if (!disturbed) {
                    swOverheadClear.add(overhead);
                } else {
                    disturbedOutages.add(o.site());
                }
            }
        }
        Map<String, Object> delay = new LinkedHashMap<>();
        Map<String, Object> sw = new LinkedHashMap<>();
        sw.put("knowableAfterOutageStartMs", stats(swKnow));
        sw.put("overheadMs", stats(swOverhead));
        sw.put("overheadClearOfFaultsMs", stats(swOverheadClear));
        delay.put("sitewatch", sw);
        lines.add(String.format(Locale.ROOT, "alert delay sitewatch (%d outages): knowable %s s after the outage began (p50); "
                        + "overhead after that until the alert is on the topic p50 %s ms, p99 %s ms; "
                        + "clear of faults (%d): p50 %s ms, p99 %s ms",
                swOverhead.size(), fmt(seconds(Percentiles.of(swKnow, 0.5))), fmt(Percentiles.of(swOverhead, 0.5)),
                fmt(Percentiles.of(swOverhead, 0.99)), swOverheadClear.size(), fmt(Percentiles.of(swOverheadClear, 0.5)),
                fmt(Percentiles.of(swOverheadClear, 0.99))));

        if (d.compared) {
            compare(delay, swOverhead, swOverheadClear, sitewatchCpu, counted);
        }
        json.put("alertDelay", delay);

        // invariants
        invariants.add(Invariants.storedExactlyOnce(Invariants.bucketCounts(d.measurements, STORE_STEP_MS), d.storeCounts));
        invariants.add(Invariants.alertsMatchRule(d.expected, d.alerts));
        long lastCheck = d.measurements.stream().mapToLong(ObservedMeasurement::time).max().orElse(d.checksUntil);
        invariants.add(Invariants.outagesAlerted(d.plan.outages(), d.plan.quietSites(), d.alerts,
                d.settings.window().toMillis(), 3 * d.settings.interval().toMillis() + d.settings.timeout().toMillis(), lastCheck));
        if (d.settings.ownDeployment()) {
            Map<String, Long> peaks = new HashMap<>();
            d.memoryBounds.keySet().forEach(k -> {
                Long p = d.usage.get(k).peakRssBytes();
                if (p != null) {
                    peaks.put(k, p);
                }
            });
            invariants.add(Invariants.memoryBounds(peaks, d.memoryBounds));
        } else {
            lines.add("memory bounds: not measured (an existing deployment's processes are not ours to read)");
        }
        Set<String> consumers = Set.of("stats", "sitewatch-alerter");
        invariants.add(Invariants.poisonDeadLettered(d.poison, d.deadLettered, consumers));
        long strayUndecodable = d.undecodable.stream().filter(u -> !d.poison.contains(u)).count();
        lines.add("invariants:");
        invariants.forEach(i -> {
            lines.add("  " + i.line());
            i.examples().forEach(ex -> lines.add("      " + ex));
        });
        if (strayUndecodable > 0) {
            lines.add("  note: " + strayUndecodable + " undecodable measurement records that the canary did not produce");
        }
        List<Object> inv = new ArrayList<>();
        invariants.forEach(i -> inv.add(ordered("name", i.name(), "held", i.held(), "counts", i.counts(),
                "examples", i.examples())));
        json.put("invariants", inv);
        json.put("undecodableNotPoison", strayUndecodable);
        json.put("held", held());
        lines.add(held() ? "RESULT: every invariant held" : "RESULT: INVARIANT BROKEN: " + String.join(", ",
                invariants.stream().filter(i -> !i.held()).map(InvariantResult::name).toList()));
    }

    private void compare(Map<String, Object> delay, List<Double> swOverhead, List<Double> swOverheadClear,
                         double sitewatchCpu, long counted) {
        List<Double> prKnow = new ArrayList<>();
        List<Double> prOverhead = new ArrayList<>();
        List<Double> prOverheadClear = new ArrayList<>();
        long prMissed = 0;
        for (ScriptedOutage o : d.plan.outages()) {
            Long[] v = d.prometheusDelays.get(o.site());
            if (v == null || v[0] == null || v[1] == null) {
                prMissed++;
                continue;
            }
            prKnow.add((double) (v[0] - o.from()));
            prOverhead.add((double) (v[1] - v[0]));
            if (!disturbedOutages.contains(o.site())) {
                prOverheadClear.add((double) (v[1] - v[0]));
            }
        }
        Map<String, Object> pr = new LinkedHashMap<>();
        pr.put("knowableAfterOutageStartMs", stats(prKnow));
        pr.put("overheadMs", stats(prOverhead));
        pr.put("overheadClearOfFaultsMs", stats(prOverheadClear));
        pr.put("outagesNotSeenFiring", prMissed);
        delay.put("prometheus", pr);

        double proberCpu = d.usage.get("prober").cpuSeconds();
        double bbCpu = d.blackbox.cpuSeconds();
        double promCpu = d.prometheus.cpuSeconds();
        Double proberPer1000 = counted == 0 ? null : proberCpu / (counted / 1000.0);
        Double bbPer1000 = d.blackboxProbes == 0 ? null : bbCpu / (d.blackboxProbes / 1000.0);
        Double swStackPer1000 = counted == 0 ? null : sitewatchCpu / (counted / 1000.0);
        Double prStackPer1000 = d.blackboxProbes == 0 ? null : (bbCpu + promCpu) / (d.blackboxProbes / 1000.0);
        Double machinePer1000 = counted + d.blackboxProbes == 0 || d.machineBusySeconds < 0 ? null
                : d.machineBusySeconds / ((counted + d.blackboxProbes) / 1000.0);
        Double swP99 = Percentiles.of(swOverhead, 0.99);
        Double prP99 = Percentiles.of(prOverhead, 0.99);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sitewatchChecks", counted);
        c.put("blackboxProbes", d.blackboxProbes);
        c.put("cpuSecondsPer1000Checks", ordered(
                "sitewatchProber", orNa(round(proberPer1000)), "blackboxExporter", orNa(round(bbPer1000)),
                "sitewatchAllServicesAndBroker", orNa(round(swStackPer1000)), "prometheusPlusBlackbox", orNa(round(prStackPer1000)),
                "wholeMachineBothSystems", orNa(round(machinePer1000))));
        c.put("steady", steady(lines));
        c.put("peakRssMiB", ordered("sitewatchProber", mib(d.usage.get("prober")), "blackboxExporter", mib(d.blackbox),
                "prometheus", mib(d.prometheus)));
        Map<String, Object> ratios = new LinkedHashMap<>();
        Double cpuRatio = proberPer1000 == null || bbPer1000 == null || bbPer1000 == 0 ? null : proberPer1000 / bbPer1000;
        Double overheadRatio = swP99 == null || prP99 == null || prP99 == 0 ? null : swP99 / prP99;
        Double swClearP99 = Percentiles.of(swOverheadClear, 0.99);
        Double prClearP99 = Percentiles.of(prOverheadClear, 0.99);
        Double clearRatio = swClearP99 == null || prClearP99 == null || prClearP99 == 0 ? null : swClearP99 / prClearP99;
        ratios.put("cpuPerCheckProberOverBlackbox", orNa(round(cpuRatio)));
        ratios.put("overheadP99SitewatchOverPrometheus", orNa(round(overheadRatio)));
        ratios.put("overheadP99SitewatchOverPrometheusClearOfFaults", orNa(round(clearRatio)));
        Map<String, Object> goals = new LinkedHashMap<>();
        goals.put("cpuPerCheckNoWorseThanBlackbox", cpuRatio == null ? "n/a" : cpuRatio <= 1.0);
        goals.put("overheadP99AtMost1s", swP99 == null ? "n/a" : swP99 <= 1000);
        goals.put("overheadP99AtMostATenthOfPrometheus", overheadRatio == null ? "n/a" : overheadRatio <= 0.1);
        goals.put("clearOfFaultsOverheadP99AtMost1s", swClearP99 == null ? "n/a" : swClearP99 <= 1000);
        goals.put("clearOfFaultsOverheadP99AtMostATenthOfPrometheus", clearRatio == null ? "n/a" : clearRatio <= 0.1);
        c.put("ratios", ratios);
        c.put("goalsMet", goals);
        json.put("comparison", c);
        lines.add(String.format(Locale.ROOT, "alert delay Prometheus (%d outages, %d not seen firing): knowable %s s after the "
                        + "outage began (p50); overhead until firing in /api/v1/alerts p50 %s ms, p99 %s ms",
                prOverhead.size(), prMissed, fmt(seconds(Percentiles.of(prKnow, 0.5))), fmt(Percentiles.of(prOverhead, 0.5)),
                fmt(prP99)) + String.format(Locale.ROOT, "; for the outages clear of sitewatch's faults (%d): p50 %s ms, p99 %s ms",
                prOverheadClear.size(), fmt(Percentiles.of(prOverheadClear, 0.5)), fmt(prClearP99)));
        lines.add(String.format(Locale.ROOT, "CPU s per 1,000 checks: sitewatch prober %s vs blackbox_exporter %s (ratio %s); "
                        + "all sitewatch JVMs incl. broker %s vs prometheus+blackbox %s; whole machine %s",
                fmt(proberPer1000), fmt(bbPer1000), fmt(cpuRatio), fmt(swStackPer1000), fmt(prStackPer1000), fmt(machinePer1000)));
        lines.add(String.format(Locale.ROOT, "peak RSS MiB: prober %s, blackbox_exporter %s, prometheus %s",
                mib(d.usage.get("prober")), mib(d.blackbox), mib(d.prometheus)));
        lines.add(String.format(Locale.ROOT, "goals: CPU per check no worse than blackbox_exporter: %s; overhead p99 ≤ 1 s: %s; "
                        + "overhead p99 ≤ a tenth of Prometheus': %s (ratio %s); clear of faults: ≤ 1 s %s, ≤ a tenth %s (ratio %s)",
                goals.get("cpuPerCheckNoWorseThanBlackbox"), goals.get("overheadP99AtMost1s"),
                goals.get("overheadP99AtMostATenthOfPrometheus"), fmt(overheadRatio),
                goals.get("clearOfFaultsOverheadP99AtMost1s"), goals.get("clearOfFaultsOverheadP99AtMostATenthOfPrometheus"),
                fmt(clearRatio)));
    }

    /**
     * CPU per 1,000 checks over the steady part of the run only — after a window of warm-up and 30 s after the
     * last fault, so that no restart's start-up is in it — from the per-second CPU readings.
     */
    private Map<String, Object> steady(List<String> out) {
        if (d.steadyTo == 0 || d.cpuTimeline.size() < 2) {
            out.add("steady part: too short after the last fault (needs 60 s) — no steady CPU figure");
            return ordered("available", false);
        }
        RunData.CpuPoint a = cpuAt(d.steadyFrom);
        RunData.CpuPoint b = cpuAt(d.steadyTo);
        long checks = d.measurements.stream().filter(m -> m.up() != null && m.time() > a.at() && m.time() <= b.at())
                .map(ObservedMeasurement::id).distinct().count();
        double span = (b.at() - a.at()) / 1000.0;
        long probes = Math.round(d.steadyBlackboxProbes * span / ((d.steadyTo - d.steadyFrom) / 1000.0));
        Double prober = per1000(b.prober() - a.prober(), checks);
        Double bb = per1000(b.blackbox() - a.blackbox(), probes);
        Double all = per1000(b.sitewatchAll() - a.sitewatchAll(), checks);
        Double ref = per1000(b.blackbox() - a.blackbox() + b.prometheus() - a.prometheus(), probes);
        Double ratio = prober == null || bb == null || bb == 0 ? null : prober / bb;
        out.add(String.format(Locale.ROOT, "steady part (%.0f s from %.0f s, no fault): CPU s per 1,000 checks: prober %s vs "
                        + "blackbox_exporter %s (ratio %s); all sitewatch JVMs incl. broker %s vs prometheus+blackbox %s "
                        + "(%d checks, %d probes)", span, (a.at() - d.checksFrom) / 1000.0, fmt(prober), fmt(bb), fmt(ratio),
                fmt(all), fmt(ref), checks, probes));
        return ordered("available", true, "fromSeconds", round((a.at() - d.checksFrom) / 1000.0), "seconds", round(span),
                "sitewatchChecks", checks, "blackboxProbes", probes,
                "cpuSecondsPer1000Checks", ordered("sitewatchProber", orNa(round(prober)), "blackboxExporter", orNa(round(bb)),
                        "sitewatchAllServicesAndBroker", orNa(round(all)), "prometheusPlusBlackbox", orNa(round(ref))),
                "cpuPerCheckProberOverBlackbox", orNa(round(ratio)),
                "cpuPerCheckNoWorseThanBlackbox", ratio == null ? "n/a" : ratio <= 1.0);
    }

    private RunData.CpuPoint cpuAt(long t) {
        return d.cpuTimeline.stream().filter(p -> p.at() >= t).findFirst().orElse(d.cpuTimeline.get(d.cpuTimeline.size() - 1));
    }

    private static Double per1000(double cpu, long checks) {
        return checks == 0 ? null : cpu / (checks / 1000.0);
    }

    /** Whether [fromMs, toMs] overlaps a fault or the {@link #FAULT_AFTERMATH_MS} after it. */
    private boolean disturbed(long fromMs, long toMs) {
        return d.faults.stream().anyMatch(f -> fromMs <= f.endMs() + FAULT_AFTERMATH_MS && toMs >= f.startMs());
    }

    private void chart(Path file) throws IOException {
        double duration = Math.max(1, (d.checksUntil - d.checksFrom) / 1000.0);
        List<LatencyChart.Point> pipeline = new ArrayList<>();
        for (ObservedAlert a : d.alerts) {
            if (a.type() != AlertType.NO_DATA) {
                pipeline.add(new LatencyChart.Point((a.arrivedAt() - d.checksFrom) / 1000.0, a.arrivedAt() - a.time()));
            }
        }
        List<LatencyChart.Point> queries = d.statsQueries.stream().filter(RunData.Query::ok)
                .map(q -> new LatencyChart.Point((q.atMs() - d.checksFrom) / 1000.0, q.ms())).toList();
        List<LatencyChart.Mark> marks = d.faults.stream()
                .map(f -> new LatencyChart.Mark((f.startMs() - d.checksFrom) / 1000.0, f.name())).toList();
        LatencyChart.write(file, String.format(Locale.ROOT, "sitewatch canary: %d sites every %ss, %s",
                        d.plan.sites().size(), fmt(d.settings.interval().toMillis() / 1000.0), Instant.ofEpochMilli(d.checksFrom)),
                duration,
                List.of(new LatencyChart.Series("schedule lag p50", new Color(40, 110, 200), false, d.lagP50),
                        new LatencyChart.Series("schedule lag p99", new Color(230, 130, 20), false, d.lagP99)),
                "prober schedule lag per 5 s scrape (ms)",
                List.of(new LatencyChart.Series("stats /api/stats?window=10m", new Color(120, 120, 120), false, queries),
                        new LatencyChart.Series("check → alert on topic", new Color(200, 30, 30), true, pipeline)),
                "check → alert latency per alert, and stats query latency (ms, log scale)", marks);
    }

    /** A map keeping the order of its keys, from alternating keys and values. */
    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            m.put((String) kv[k], kv[k + 1]);
        }
        return m;
    }

    private static Map<String, Object> stats(List<Double> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", values.size());
        m.put("p50", orNa(round(Percentiles.of(values, 0.5))));
        m.put("p99", orNa(round(Percentiles.of(values, 0.99))));
        m.put("max", orNa(round(Percentiles.max(values))));
        return m;
    }

    private static Map<String, Object> queryStats(List<RunData.Query> q) {
        List<Double> ok = q.stream().filter(RunData.Query::ok).map(RunData.Query::ms).toList();
        Map<String, Object> m = stats(ok);
        m.put("failed", q.size() - ok.size());
        return m;
    }

    private static String queryLine(String name, List<RunData.Query> q) {
        List<Double> ok = q.stream().filter(RunData.Query::ok).map(RunData.Query::ms).toList();
        return String.format(Locale.ROOT, "%s p50 %s ms, p99 %s ms (%d ok, %d failed)", name,
                fmt(Percentiles.of(ok, 0.5)), fmt(Percentiles.of(ok, 0.99)), ok.size(), q.size() - ok.size());
    }

    private static Object mib(ProcessUsage u) {
        return u == null || u.peakRssBytes() == null ? "n/a" : u.peakRssBytes() >> 20;
    }

    private static Double ms(Double seconds) {
        return seconds == null ? null : seconds * 1000;
    }

    private static Double seconds(Double ms) {
        return ms == null ? null : ms / 1000;
    }

    private static Object orNa(Object v) {
        return v == null ? "n/a" : v;
    }

    static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String fmt(Object v) {
        if (v == null) {
            return "n/a";
        }
        if (v instanceof Double x) {
            return Math.abs(x) >= 100 ? String.format(Locale.ROOT, "%.0f", x) : String.format(Locale.ROOT, "%.3g", x);
        }
        return v.toString();
    }
}
