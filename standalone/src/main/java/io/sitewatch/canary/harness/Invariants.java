package io.sitewatch.canary.harness;

import io.sitewatch.model.AlertType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The canary's invariants as pure functions over what was read back; each returns an {@link InvariantResult}. */
public final class Invariants {
    public static final String STORE = "store-exactly-once";
    public static final String ALERTS = "alerts-match-rule";
    public static final String OUTAGES = "outages-alerted";
    public static final String MEMORY = "memory-bounds";
    public static final String POISON = "poison-dead-lettered";

    private Invariants() {
    }

    /**
     * Measurements per site and bucket, each id counted once; a bucket is keyed by its end
     * (⌈time / step⌉ · step), covering (end − step, end] as the stats series does.
     */
    public static Map<String, Map<Long, Long>> bucketCounts(List<ObservedMeasurement> measurements, long stepMs) {
        Map<String, Map<Long, Long>> out = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (ObservedMeasurement m : measurements) {
            if (!seen.add(m.id())) {
                continue;
            }
            long end = -Math.floorDiv(-m.time(), stepMs) * stepMs;
            out.computeIfAbsent(m.site(), s -> new TreeMap<>()).merge(end, 1L, Long::sum);
        }
        return out;
    }

    /** How many records of the topic repeat an id already seen (the producer's retries; not an error). */
    public static long duplicateIds(List<ObservedMeasurement> measurements) {
        Set<String> seen = new HashSet<>();
        return measurements.stream().filter(m -> !seen.add(m.id())).count();
    }

    /**
     * (a) Every measurement of the topic is in the store exactly once: per site and bucket, the store's count
     * equals the topic's count of distinct ids. Fewer is a loss, more is double counting.
     */
    public static InvariantResult storedExactlyOnce(Map<String, Map<Long, Long>> topic,
                                                    Map<String, Map<Long, Long>> store) {
        long topicTotal = 0;
        long storeTotal = 0;
        long missing = 0;
        long extra = 0;
        long buckets = 0;
        Set<String> sitesDiffering = new TreeSet<>();
        List<String> examples = new ArrayList<>();
        Set<String> sites = new TreeSet<>(topic.keySet());
        sites.addAll(store.keySet());
        for (String site : sites) {
            Map<Long, Long> t = topic.getOrDefault(site, Map.of());
            Map<Long, Long> s = store.getOrDefault(site, Map.of());
            Set<Long> ends = new TreeSet<>(t.keySet());
            ends.addAll(s.keySet());
            for (long end : ends) {
                long want = t.getOrDefault(end, 0L);
                long got = s.getOrDefault(end, 0L);
                topicTotal += want;
                storeTotal += got;
                if (want != got) {
                    buckets++;
                    sitesDiffering.add(site);
                    if (want > got) {
                        missing += want - got;
                    } else {
                        extra += got - want;
                    }
                    examples.add(site + " bucket ending " + Instant.ofEpochMilli(end) + ": topic " + want + ", store " + got);
                }
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("topic", topicTotal);
        counts.put("stored", storeTotal);
        counts.put("missing", missing);
        counts.put("extra", extra);
        counts.put("bucketsDiffering", buckets);
        counts.put("sitesDiffering", (long) sitesDiffering.size());
        return new InvariantResult(STORE, missing == 0 && extra == 0, counts, examples);
    }

    /**
     * (b) The alerts topic holds exactly the DOWN/RECOVERED transitions the rule gives offline: per site the
     * same sequence — none missing, none extra (a repeated alert is extra), none out of order. NO_DATA alerts
     * are not transitions and are only counted.
     */
    public static InvariantResult alertsMatchRule(Map<String, List<ExpectedTransition>> expected,
                                                  List<ObservedAlert> alerts) {
        Map<String, List<ExpectedTransition>> actual = transitionsBySite(alerts);
        long noData = alerts.stream().filter(a -> a.type() == AlertType.NO_DATA).count();
        long expectedTotal = expected.values().stream().mapToLong(List::size).sum();
        long actualTotal = actual.values().stream().mapToLong(List::size).sum();
        long missing = 0;
        long extra = 0;
        long outOfOrder = 0;
        List<String> examples = new ArrayList<>();
        Set<String> sites = new TreeSet<>(expected.keySet());
        sites.addAll(actual.keySet());
        long sitesDiffering = 0;
        for (String site : sites) {
            List<ExpectedTransition> want = expected.getOrDefault(site, List.of());
            List<ExpectedTransition> got = actual.getOrDefault(site, List.of());
            if (want.equals(got)) {
                continue;
            }
            sitesDiffering++;
            Map<ExpectedTransition, Integer> balance = new HashMap<>();
            want.forEach(t -> balance.merge(t, 1, Integer::sum));
            got.forEach(t -> balance.merge(t, -1, Integer::sum));
            long siteMissing = 0;
            long siteExtra = 0;
            for (Map.Entry<ExpectedTransition, Integer> e : balance.entrySet()) {
                if (e.getValue() > 0) {
                    siteMissing += e.getValue();
                    examples.add("missing " + e.getKey());
                } else if (e.getValue() < 0) {
                    siteExtra += -e.getValue();
                    examples.add("extra " + e.getKey());
                }
            }
            if (siteMissing == 0 && siteExtra == 0) {
                outOfOrder++;
                examples.add("out of order " + site + ": expected " + want + ", got " + got);
            }
            missing += siteMissing;
            extra += siteExtra;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("expected", expectedTotal);
        counts.put("published", actualTotal);
        counts.put("missing", missing);
        counts.put("extra", extra);
        counts.put("outOfOrderSites", outOfOrder);
        counts.put("sitesDiffering", sitesDiffering);
        counts.put("noData", noData);
        return new InvariantResult(ALERTS, sitesDiffering == 0, counts, examples);
    }

    /**
     * (c) Each scripted outage was alerted — a DOWN whose time falls in [from, until + window) and, when the
     * checks went on long enough after the outage ({@code until + window + slack ≤ lastCheck}), a RECOVERED
     * after it — and no healthy site sent any DOWN or RECOVERED.
     *
     * @param windowMs  the alerting window W
     * @param slackMs   time allowed after until + W for the recovering checks (a few intervals)
     * @param lastCheck time of the last check of the run, epoch ms
     */
    public static InvariantResult outagesAlerted(List<ScriptedOutage> outages, Set<String> healthySites,
                                                 List<ObservedAlert> alerts, long windowMs, long slackMs,
                                                 long lastCheck) {
        Map<String, List<ExpectedTransition>> bySite = transitionsBySite(alerts);
        long downAlerted = 0;
        long recoveredAlerted = 0;
        long recoveredDue = 0;
        long missedDown = 0;
        long missedRecovered = 0;
        List<String> examples = new ArrayList<>();
        for (ScriptedOutage o : outages) {
            List<ExpectedTransition> got = bySite.getOrDefault(o.site(), List.of());
            ExpectedTransition down = got.stream()
                    .filter(t -> t.type() == AlertType.DOWN && t.time() >= o.from() && t.time() < o.until() + windowMs)
                    .findFirst().orElse(null);
            if (down == null) {
                missedDown++;
                examples.add("no DOWN for the outage of " + o.site() + " " + Instant.ofEpochMilli(o.from()) + ".."
                        + Instant.ofEpochMilli(o.until()));
                continue;
            }
            downAlerted++;
            if (o.until() + windowMs + slackMs <= lastCheck) {
                recoveredDue++;
                boolean recovered = got.stream()
                        .anyMatch(t -> t.type() == AlertType.RECOVERED && t.time() > down.time());
                if (recovered) {
                    recoveredAlerted++;
                } else {
                    missedRecovered++;
                    examples.add("no RECOVERED after the outage of " + o.site());
                }
            }
        }
        long healthyAlerted = 0;
        long healthyAlerts = 0;
        for (String site : healthySites) {
            List<ExpectedTransition> got = bySite.getOrDefault(site, List.of());
            if (!got.isEmpty()) {
                healthyAlerted++;
                healthyAlerts += got.size();
                examples.add("healthy site alerted: " + got);
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("outages", (long) outages.size());
        counts.put("downAlerted", downAlerted);
        counts.put("missedDown", missedDown);
        counts.put("recoveredDue", recoveredDue);
        counts.put("recoveredAlerted", recoveredAlerted);
        counts.put("missedRecovered", missedRecovered);
        counts.put("healthySites", (long) healthySites.size());
        counts.put("healthySitesAlerted", healthyAlerted);
        counts.put("healthySiteAlerts", healthyAlerts);
        return new InvariantResult(OUTAGES, missedDown == 0 && missedRecovered == 0 && healthyAlerted == 0,
                counts, examples);
    }

    /** (d) No service's peak RSS exceeded its bound; a service without a figure breaks it (not measured). */
    public static InvariantResult memoryBounds(Map<String, Long> peakRssBytes, Map<String, Long> boundBytes) {
        long exceeded = 0;
        long unmeasured = 0;
        List<String> examples = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : new TreeMap<>(boundBytes).entrySet()) {
            Long peak = peakRssBytes.get(e.getKey());
            counts.put(e.getKey() + "PeakMiB", peak == null ? -1 : peak >> 20);
            counts.put(e.getKey() + "BoundMiB", e.getValue() >> 20);
            if (peak == null) {
                unmeasured++;
                examples.add(e.getKey() + ": no RSS figure");
            } else if (peak > e.getValue()) {
                exceeded++;
                examples.add(e.getKey() + ": peak " + (peak >> 20) + " MiB > bound " + (e.getValue() >> 20) + " MiB");
            }
        }
        counts.put("exceeded", exceeded);
        counts.put("unmeasured", unmeasured);
        return new InvariantResult(MEMORY, exceeded == 0 && unmeasured == 0, counts, examples);
    }

    /**
     * Poison records produced to the measurements topic each reach the dead-letter topic from every service
     * that consumes measurements, and nothing else is dead-lettered.
     *
     * @param poison    the poison records, as "partition:offset" on the measurements topic
     * @param deadLettered per dead-lettered source ("partition:offset"), the services that sent it
     * @param consumers the services that must dead-letter every poison record
     */
    public static InvariantResult poisonDeadLettered(Set<String> poison, Map<String, Set<String>> deadLettered,
                                                     Set<String> consumers) {
        long missing = 0;
        long unexpected = 0;
        List<String> examples = new ArrayList<>();
        for (String p : new TreeSet<>(poison)) {
            Set<String> by = deadLettered.getOrDefault(p, Set.of());
            for (String c : consumers) {
                if (!by.contains(c)) {
                    missing++;
                    examples.add("poison " + p + " not dead-lettered by " + c);
                }
            }
        }
        for (String source : new TreeSet<>(deadLettered.keySet())) {
            if (!poison.contains(source)) {
                unexpected++;
                examples.add("dead-lettered but not poison: " + source + " by " + deadLettered.get(source));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("poison", (long) poison.size());
        counts.put("deadLettered", deadLettered.keySet().stream().filter(poison::contains).count());
        counts.put("missing", missing);
        counts.put("unexpected", unexpected);
        return new InvariantResult(POISON, missing == 0 && unexpected == 0, counts, examples);
    }

    /** DOWN/RECOVERED alerts per site in the order read (a site's alerts share one partition). */
    static Map<String, List<ExpectedTransition>> transitionsBySite(List<ObservedAlert> alerts) {
        Map<String, List<ExpectedTransition>> out = new TreeMap<>();
        for (ObservedAlert a : alerts) {
            if (a.type() == AlertType.DOWN || a.type() == AlertType.RECOVERED) {
                out.computeIfAbsent(a.site(), s -> new ArrayList<>())
                        .add(new ExpectedTransition(a.site(), a.type(), a.time()));
            }
        }
        out.values().forEach(Objects::requireNonNull);
        return out;
    }
}
