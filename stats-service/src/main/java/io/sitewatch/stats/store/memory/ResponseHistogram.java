package io.sitewatch.stats.store.memory;

/**
 * The bins of the compact response-time histogram: bin 0 holds [0, 1) ms, bin {@code b ≥ 1} holds
 * [1.05^(b−1), 1.05^b) ms, and the last bin (255) everything from about 4 minutes up. A percentile is read as
 * the geometric middle of its bin, capped at the exact maximum, so it is within 2.5 % (or 0.5 ms below
 * 1 ms) of a value of the same rank; the top rank, and a percentile in the open-ended last bin, are read as
 * the exact maximum.
 */
final class ResponseHistogram {
    static final int BINS = 256;
    private static final double GROWTH = 1.05;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final double[] REPRESENTATIVE = new double[BINS];

    static {
        REPRESENTATIVE[0] = 0.5;
        for (int b = 1; b < BINS; b++) {
            REPRESENTATIVE[b] = Math.pow(GROWTH, b - 0.5);
        }
    }

    private ResponseHistogram() {
    }

    static int bin(double ms) {
        if (ms < 1.0) {
            return 0;
        }
        int b = 1 + (int) Math.floor(Math.log(ms) / LOG_GROWTH);
        return Math.min(b, BINS - 1);
    }

    /** Several nearest-rank percentiles (ascending {@code ps}) in one pass over bins {@code min..max}. */
    static double[] percentiles(long[] counts, int min, int max, long n, double maxValue, double... ps) {
        double[] out = new double[ps.length];
        int next = 0;
        long seen = 0;
        for (int b = min; b <= max && next < ps.length; b++) {
            seen += counts[b];
            long rank;
            while (next < ps.length && seen >= (rank = Math.max(1, (long) Math.ceil(ps[next] / 100.0 * n)))) {
                // the top rank is the maximum, known exactly (one check: every percentile is its time); the last
                // bin is open-ended, so the exact maximum is the only honest value for it too
                out[next++] = rank == n || b == BINS - 1 ? maxValue : Math.min(REPRESENTATIVE[b], maxValue);
            }
        }
        while (next < ps.length) {
            out[next++] = maxValue;
        }
        return out;
    }
}
