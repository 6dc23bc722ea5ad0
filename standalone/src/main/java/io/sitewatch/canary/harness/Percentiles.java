package io.sitewatch.canary.harness;

import java.util.Arrays;
import java.util.Collection;

/** Exact percentiles of a sample (nearest rank), null for an empty sample. */
public final class Percentiles {
    private Percentiles() {
    }

    /** The value of rank ⌈q·n⌉ in the sorted sample; q in (0, 1]. */
    public static Double of(Collection<? extends Number> values, double q) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return rank(sorted, q);
    }

    static double rank(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    public static Double max(Collection<? extends Number> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
    }

    public static Double mean(Collection<? extends Number> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Number::doubleValue).average().orElseThrow();
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
