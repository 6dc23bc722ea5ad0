package io.sitewatch.canary.harness;

import io.sitewatch.alerter.rule.AvailabilityRule;
import io.sitewatch.alerter.rule.SiteState;
import io.sitewatch.alerter.rule.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The alerter's rule run offline over the measurements topic: per site, the records in the order the alerter
 * reads them (a site's records share one partition, so offset order), through the same plain-Java
 * {@link SiteState} the alerter's topology uses — same window, threshold, minSamples, duplicates and grace.
 * The result is the exact sequence of DOWN/RECOVERED transitions the alerts topic must hold.
 */
public final class OfflineRule {
    private final Function<String, AvailabilityRule> ruleOf;
    private final long graceMs;

    /**
     * @param ruleOf  the rule in force for a site
     * @param graceMs the alerter's grace for late records
     */
    public OfflineRule(Function<String, AvailabilityRule> ruleOf, long graceMs) {
        this.ruleOf = ruleOf;
        this.graceMs = graceMs;
    }

    /** Expected transitions per site, in order; sites without any are absent. */
    public Map<String, List<ExpectedTransition>> expected(List<ObservedMeasurement> measurements) {
        Map<String, List<ObservedMeasurement>> bySite = new TreeMap<>();
        for (ObservedMeasurement m : measurements) {
            bySite.computeIfAbsent(m.site(), s -> new ArrayList<>()).add(m);
        }
        Map<String, List<ExpectedTransition>> out = new LinkedHashMap<>();
        bySite.forEach((site, list) -> {
            list.sort(Comparator.comparingInt(ObservedMeasurement::partition)
                    .thenComparingLong(ObservedMeasurement::offset));
            AvailabilityRule rule = ruleOf.apply(site);
            SiteState state = new SiteState();
            List<ExpectedTransition> transitions = new ArrayList<>();
            for (ObservedMeasurement m : list) {
                SiteState.Result r = state.accept(m.id(), m.time(), m.up(), rule, graceMs, 0L);
                for (Transition t : r.transitions()) {
                    transitions.add(new ExpectedTransition(site, t.type(), t.time()));
                }
            }
            if (!transitions.isEmpty()) {
                out.put(site, transitions);
            }
        });
        return out;
    }
}
