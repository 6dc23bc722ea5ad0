package io.sitewatch.canary.harness;

import java.util.Map;
import java.util.TreeMap;

/** Just enough of the Prometheus text format to read counters and histograms from a /metrics page. */
public final class PromText {
    private PromText() {
    }

    /** The sum of every sample of {@code name} (all label sets), or 0 when absent. */
    public static double sum(String text, String name) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name) && (line.length() > name.length())
                    && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')) {
                total += value(line);
            }
        }
        return total;
    }

    /** The cumulative bucket counts of histogram {@code name} by upper bound, summed over other labels. */
    public static TreeMap<Double, Double> buckets(String text, String name) {
        TreeMap<Double, Double> out = new TreeMap<>();
        String prefix = name + "_bucket{";
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int le = line.indexOf("le=\"");
            if (le < 0) {
                continue;
            }
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            double upper = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            out.merge(upper, value(line), Double::sum);
        }
        return out;
    }

    /** later − earlier per bucket; a counter reset (a restarted process) takes {@code later} as the delta. */
    public static TreeMap<Double, Double> delta(Map<Double, Double> earlier, Map<Double, Double> later) {
        TreeMap<Double, Double> out = new TreeMap<>();
        boolean reset = later.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                < earlier.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        later.forEach((k, v) -> out.put(k, reset ? v : v - earlier.getOrDefault(k, 0.0)));
        return out;
    }

    /**
     * The q-quantile of cumulative buckets, interpolated linearly inside the bucket (as PromQL's
     * histogram_quantile); null without observations. A quantile in the +Inf bucket gives the highest finite bound.
     */
    public static Double quantile(Map<Double, Double> cumulative, double q) {
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : new TreeMap<>(cumulative).entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = e.getValue() - lowerCount;
                return inBucket <= 0 ? e.getKey()
                        : lowerBound + (e.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = e.getKey();
            lowerCount = e.getValue();
        }
        return lowerBound;
    }

    private static double value(String line) {
        String[] parts = line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+");
        if (line.indexOf('}') < 0) {
            parts = line.trim().split("\\s+");
            return Double.parseDouble(parts[1]);
        }
        return Double.parseDouble(parts[0]);
    }
}
