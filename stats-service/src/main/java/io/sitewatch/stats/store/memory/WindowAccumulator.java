package io.sitewatch.stats.store.memory;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.SiteStats;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Sums buckets of one site into {@link SiteStats}. Reused across sites of one query: call {@link #reset()}. */
final class WindowAccumulator {
    private static final ErrorClass[] ERROR_CLASSES = ErrorClass.values();
    private static final String[] STATUS_NAMES = new String[600];

    static {
        for (int i = 0; i < STATUS_NAMES.length; i++) {
            STATUS_NAMES[i] = Integer.toString(i);
        }
    }
    // package-private state: SlidingAggregate reads and rebuilds from it
    long checks;
    long samples;
    long ups;
    long responses;
    double responseSum;
    double responseMax;
    long ttfbs;
    double ttfbSum;
    double ttfbMax;
    long lastCheckMs;
    long lastUpMs;
    final long[] bins = new long[ResponseHistogram.BINS];
    int minBin = ResponseHistogram.BINS;
    int maxBin = -1;
    final long[] statuses = new long[600];
    final int[] touchedStatuses = new int[600];
    int touched;
    final long[] errors = new long[ErrorClass.values().length];

    /** Buckets and roll-ups picked for one site's merge (see {@link SiteBuckets#merge}); grow for long windows. */
    private Bucket[] bucketScratch = new Bucket[64];
    private long[][] rollupScratch = new long[64][];

    WindowAccumulator() {
        reset();
    }

    Bucket[] bucketScratch() {
        return bucketScratch;
    }

    Bucket[] growBucketScratch() {
        bucketScratch = Arrays.copyOf(bucketScratch, bucketScratch.length * 2);
        return bucketScratch;
    }

    long[][] rollupScratch() {
        return rollupScratch;
    }

    long[][] growRollupScratch() {
        rollupScratch = Arrays.copyOf(rollupScratch, rollupScratch.length * 2);
        return rollupScratch;
    }

    void reset() {
        if (maxBin >= 0) {
            Arrays.fill(bins, minBin, maxBin + 1, 0);
            minBin = ResponseHistogram.BINS;
            maxBin = -1;
        }
        checks = samples = ups = responses = ttfbs = 0;
        responseSum = ttfbSum = 0;
        responseMax = ttfbMax = 0;
        lastCheckMs = lastUpMs = Long.MIN_VALUE;
        for (int i = 0; i < touched; i++) {
            statuses[touchedStatuses[i]] = 0;
        }
        touched = 0;
        Arrays.fill(errors, 0);
    }

    void addCounters(Bucket b) {
        addTotals(b.checks, b.samples, b.ups, b.lastCheckMs, b.lastUpMs);
        if (b.responses > 0) {
            addResponses(b.responses, b.responseSum, b.responseMax);
        }
        if (b.ttfbs > 0) {
            addTtfbs(b.ttfbs, b.ttfbSum, b.ttfbMax);
        }
    }

    void addTotals(long checks, long samples, long ups, long lastCheckMs, long lastUpMs) {
        this.checks += checks;
        this.samples += samples;
        this.ups += ups;
        this.lastCheckMs = Math.max(this.lastCheckMs, lastCheckMs);
        this.lastUpMs = Math.max(this.lastUpMs, lastUpMs);
    }

    /** {@code count > 0} response times summing to {@code sum} with maximum {@code max}. */
    void addResponses(long count, double sum, double max) {
        responseMax = responses == 0 ? max : Math.max(responseMax, max);
        responses += count;
        responseSum += sum;
    }

    /** {@code count > 0} times to first byte summing to {@code sum} with maximum {@code max}. */
    void addTtfbs(long count, double sum, double max) {
        ttfbMax = ttfbs == 0 ? max : Math.max(ttfbMax, max);
        ttfbs += count;
        ttfbSum += sum;
    }

    void addStatus(int status, long count) {
        if (statuses[status] == 0) {
            touchedStatuses[touched++] = status;
        }
        statuses[status] += count;
    }

    void addError(int errorOrdinal, long count) {
        errors[errorOrdinal] += count;
    }

    /** Bins {@code first ..} of a {@link Rollup}: {@code n} 32-bit counts, two per long from {@code at}. */
    void addPackedBins(long[] packed, int at, int first, int n) {
        long[] b = bins;
        int pairs = n >> 1;
        for (int i = 0; i < pairs; i++) {
            long two = packed[at + i];
            b[first + 2 * i] += two & 0xFFFF_FFFFL;
            b[first + 2 * i + 1] += two >>> 32;
        }
        if ((n & 1) != 0) {
            b[first + n - 1] += packed[at + pairs] & 0xFFFF_FFFFL;
        }
        minBin = Math.min(minBin, first);
        maxBin = Math.max(maxBin, first + n - 1);
    }

    void addBin(int bin, long count) {
        bins[bin] += count;
        minBin = Math.min(minBin, bin);
        maxBin = Math.max(maxBin, bin);
    }

    long checks() {
        return checks;
    }

    SiteStats toStats(String site) {
        SiteStats.Timing response = SiteStats.Timing.EMPTY;
        if (responses > 0) {
            double[] p = ResponseHistogram.percentiles(bins, minBin, maxBin, responses, responseMax, 50, 95, 99);
            response = new SiteStats.Timing(responseSum / responses, responseMax, p[0], p[1], p[2]);
        }
        SiteStats.Timing ttfb = ttfbs == 0 ? SiteStats.Timing.EMPTY
                : new SiteStats.Timing(ttfbSum / ttfbs, ttfbMax, null, null, null);
        Map<String, Long> statusCodes;
        if (touched == 1) { // the usual case: one status in the whole window
            statusCodes = Map.of(STATUS_NAMES[touchedStatuses[0]], statuses[touchedStatuses[0]]);
        } else {
            statusCodes = new HashMap<>(4);
            for (int i = 0; i < touched; i++) {
                statusCodes.put(STATUS_NAMES[touchedStatuses[i]], statuses[touchedStatuses[i]]);
            }
        }
        Map<String, Long> errorCounts = Map.of();
        for (ErrorClass c : ERROR_CLASSES) {
            if (errors[c.ordinal()] > 0) {
                if (errorCounts.isEmpty()) {
                    errorCounts = new HashMap<>(4);
                }
                errorCounts.put(c.name(), errors[c.ordinal()]);
            }
        }
        return new SiteStats(site, checks, samples, samples == 0 ? null : (double) ups / samples, response, ttfb,
                statusCodes, errorCounts,
                lastCheckMs == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastCheckMs),
                lastUpMs == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastUpMs));
    }
}
