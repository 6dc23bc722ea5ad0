package io.sitewatch.stats.store.memory;

import io.sitewatch.model.Measurement;

/**
 * A roll-up — the aggregates of 6 or 60 consecutive buckets (one or ten minutes at 10 s) — packed in one
 * {@code long[]}. A wide query is bound by memory latency, not arithmetic: one array read front to back costs
 * one cache miss plus lines the hardware prefetches, where an object with two arrays behind it cost three
 * dependent misses. Layout:
 *
 * <pre>
 *  [0] checks   [1] samples   [2] ups
 *  [3] responses   [4] response sum   [5] response max     (doubles as raw bits)
 *  [6] ttfbs       [7] ttfb sum       [8] ttfb max
 *  [9] last check ms   [10] last up ms                       (Long.MIN_VALUE: none)
 *  [11] shape: counters (bits 32..47), first dense bin (bits 16..31), dense bins (bits 0..15)
 *  then the counters, one long each: key (bits 48..63: kind in bits 14..15 — status, error class or
 *       response-time bin — then the status code, error ordinal or bin) and count (bits 0..47)
 *  then, once a roll-up has more than {@value #SPARSE_BINS} distinct response-time bins, the bins from the
 *       first on, dense, two 32-bit counts per long (even bin low); until then each bin is a counter
 * </pre>
 *
 * Few checks (a minute's six) keep their bins as counters, a few longs; many spread over a wide range (ten
 * minutes of a slow, jittery site) go dense, which is smaller then. A dense bin count saturates at 2^32 − 1,
 * which would take more than four billion checks of one site in ten minutes. Static helpers only: the owner ({@link SiteBuckets}) stores the array, which {@link #add} replaces
 * when it grows, and guards it with its monitor.
 */
final class Rollup {
    static final int CHECKS = 0;
    static final int SAMPLES = 1;
    static final int UPS = 2;
    static final int RESPONSES = 3;
    static final int RESPONSE_SUM = 4;
    static final int RESPONSE_MAX = 5;
    static final int TTFBS = 6;
    static final int TTFB_SUM = 7;
    static final int TTFB_MAX = 8;
    static final int LAST_CHECK = 9;
    static final int LAST_UP = 10;
    static final int SHAPE = 11;
    static final int HEADER = 12;

    static final int STATUS_KIND = 0;
    static final int ERROR_KIND = 1 << 14;
    static final int BIN_KIND = 2 << 14;
    private static final int KIND_MASK = 3 << 14;
    /** Distinct bins kept as counters before the bins go dense. */
    static final int SPARSE_BINS = 12;
    private static final long COUNT_MASK = (1L << 48) - 1;
    private static final long BIN_MAX = 0xFFFF_FFFFL;

    private Rollup() {
    }

    static long[] empty() {
        long[] r = new long[HEADER];
        r[LAST_CHECK] = Long.MIN_VALUE;
        r[LAST_UP] = Long.MIN_VALUE;
        return r;
    }

    static int counters(long[] r) {
        return (int) (r[SHAPE] >>> 32) & 0xFFFF;
    }

    static int firstBin(long[] r) {
        return (int) (r[SHAPE] >>> 16) & 0xFFFF;
    }

    static int bins(long[] r) {
        return (int) r[SHAPE] & 0xFFFF;
    }

    /** Counts one point known to be new; returns {@code r} or, when it had to grow, its replacement. */
    static long[] add(long[] r, Measurement m, long timeMs) {
        r[CHECKS]++;
        r[LAST_CHECK] = Math.max(r[LAST_CHECK], timeMs);
        if (m.up() != null) {
            r[SAMPLES]++;
            if (m.up()) {
                r[UPS]++;
                r[LAST_UP] = Math.max(r[LAST_UP], timeMs);
            }
        }
        if (m.status() != null) {
            r = count(r, STATUS_KIND | m.status());
            if (m.responseMs() != null) {
                double v = m.responseMs();
                timing(r, RESPONSES, v);
                r = addBin(r, ResponseHistogram.bin(v));
            }
            if (m.ttfbMs() != null) {
                timing(r, TTFBS, m.ttfbMs());
            }
        }
        if (m.error() != null) {
            r = count(r, ERROR_KIND | m.error().errorClass().ordinal());
        }
        return r;
    }

    private static void timing(long[] r, int at, double v) {
        long n = ++r[at];
        r[at + 1] = Double.doubleToRawLongBits(Double.longBitsToDouble(r[at + 1]) + v);
        r[at + 2] = Double.doubleToRawLongBits(n == 1 ? v : Math.max(Double.longBitsToDouble(r[at + 2]), v));
    }

    /** Increments the counter {@code key}, inserting it when new. */
    private static long[] count(long[] r, int key) {
        int at = find(r, key);
        if (at >= 0) {
            r[at]++;
            return r;
        }
        return insertCounter(r, key);
    }

    private static int find(long[] r, int key) {
        long prefix = (long) key << 48;
        int end = HEADER + counters(r);
        for (int i = HEADER; i < end; i++) {
            if ((r[i] & ~COUNT_MASK) == prefix) {
                return i;
            }
        }
        return -1;
    }

    private static long[] insertCounter(long[] r, int key) {
        long[] grown = new long[r.length + 1];
        int end = HEADER + counters(r);
        System.arraycopy(r, 0, grown, 0, end);
        grown[end] = ((long) key << 48) | 1;
        System.arraycopy(r, end, grown, end + 1, r.length - end);
        grown[SHAPE] = r[SHAPE] + (1L << 32);
        return grown;
    }

    private static long[] addBin(long[] r, int bin) {
        if (bins(r) == 0) {
            int at = find(r, BIN_KIND | bin);
            if (at >= 0) {
                r[at]++;
                return r;
            }
            if (binCounters(r) < SPARSE_BINS) {
                return insertCounter(r, BIN_KIND | bin);
            }
            r = densify(r, bin);
        }
        int first = firstBin(r);
        int bins = bins(r);
        if (bin < first || bin >= first + bins) {
            int low = Math.min(first, bin);
            int high = Math.max(first + bins - 1, bin);
            r = regrid(r, low, high - low + 1);
            first = low;
        }
        int i = bin - first;
        int at = HEADER + counters(r) + (i >> 1);
        int shift = (i & 1) << 5;
        if (((r[at] >>> shift) & BIN_MAX) < BIN_MAX) {
            r[at] += 1L << shift;
        }
        return r;
    }

    private static int binCounters(long[] r) {
        int n = 0;
        int end = HEADER + counters(r);
        for (int i = HEADER; i < end; i++) {
            if (((int) (r[i] >>> 48) & KIND_MASK) == BIN_KIND) {
                n++;
            }
        }
        return n;
    }

    /** A copy with the bin counters moved into a dense range that also holds {@code bin}. */
    private static long[] densify(long[] r, int bin) {
        int low = bin;
        int high = bin;
        int kept = 0;
        int end = HEADER + counters(r);
        for (int i = HEADER; i < end; i++) {
            int key = (int) (r[i] >>> 48);
            if ((key & KIND_MASK) == BIN_KIND) {
                low = Math.min(low, key & ~KIND_MASK);
                high = Math.max(high, key & ~KIND_MASK);
            } else {
                kept++;
            }
        }
        int bins = high - low + 1;
        int base = HEADER + kept;
        long[] dense = new long[base + (bins + 1) / 2];
        System.arraycopy(r, 0, dense, 0, HEADER);
        int next = HEADER;
        for (int i = HEADER; i < end; i++) {
            int key = (int) (r[i] >>> 48);
            if ((key & KIND_MASK) == BIN_KIND) {
                int j = (key & ~KIND_MASK) - low;
                dense[base + (j >> 1)] += Math.min(r[i] & COUNT_MASK, BIN_MAX) << ((j & 1) << 5);
            } else {
                dense[next++] = r[i];
            }
        }
        dense[SHAPE] = ((long) kept << 32) | ((long) low << 16) | bins;
        return dense;
    }

    /** A copy whose bins start at {@code first} and number {@code bins}, counts moved to their new places. */
    private static long[] regrid(long[] r, int first, int bins) {
        int counters = counters(r);
        int base = HEADER + counters;
        long[] grown = new long[base + (bins + 1) / 2];
        System.arraycopy(r, 0, grown, 0, base);
        int oldFirst = firstBin(r);
        int oldBins = bins(r);
        for (int i = 0; i < oldBins; i++) {
            long c = (r[base + (i >> 1)] >>> ((i & 1) << 5)) & BIN_MAX;
            int j = oldFirst + i - first;
            grown[base + (j >> 1)] |= c << ((j & 1) << 5);
        }
        grown[SHAPE] = ((long) counters << 32) | ((long) first << 16) | bins;
        return grown;
    }

    /** Adds everything in {@code r} to a query accumulator. */
    static void mergeInto(long[] r, WindowAccumulator acc) {
        acc.addTotals(r[CHECKS], r[SAMPLES], r[UPS], r[LAST_CHECK], r[LAST_UP]);
        if (r[RESPONSES] > 0) {
            acc.addResponses(r[RESPONSES], Double.longBitsToDouble(r[RESPONSE_SUM]),
                    Double.longBitsToDouble(r[RESPONSE_MAX]));
        }
        if (r[TTFBS] > 0) {
            acc.addTtfbs(r[TTFBS], Double.longBitsToDouble(r[TTFB_SUM]), Double.longBitsToDouble(r[TTFB_MAX]));
        }
        long shape = r[SHAPE];
        int counters = (int) (shape >>> 32) & 0xFFFF;
        for (int i = HEADER; i < HEADER + counters; i++) {
            long c = r[i];
            int key = (int) (c >>> 48);
            switch (key & KIND_MASK) {
                case STATUS_KIND -> acc.addStatus(key, c & COUNT_MASK);
                case ERROR_KIND -> acc.addError(key & ~KIND_MASK, c & COUNT_MASK);
                default -> acc.addBin(key & ~KIND_MASK, c & COUNT_MASK);
            }
        }
        int bins = (int) shape & 0xFFFF;
        if (bins > 0) {
            acc.addPackedBins(r, HEADER + counters, (int) (shape >>> 16) & 0xFFFF, bins);
        }
    }
}
