package io.sitewatch.stats.store.memory;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.SiteStats;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Sums buckets of one site into {@link SiteStats}. Reused across sites of one query: call {@link #reset()}. */
final class WindowAccumulator {
    private static final ErrorClass[] ERROR_CLASSES = ErrorClass.values();
    private long checks;
    private long samples;
    private long ups;
    private long responses;
    private double responseSum;
    private double responseMax;
    private long ttfbs;
    private double ttfbSum;
    private double ttfbMax;
    private long lastCheckMs;
    private long lastUpMs;
    private final long[] bins = new long[ResponseHistogram.BINS];
    private int minBin = ResponseHistogram.BINS;
    private int maxBin = -1;
    private final long[] statuses = new long[600];
    private final int[] touchedStatuses = new int[600];
    private int touched;
    private final long[] errors = new long[ErrorClass.values().length];

    /** Buckets picked for one site's merge (see {@link SiteBuckets#merge}); grows for long windows. */
    private Bucket[] scratch = new Bucket[64];

    WindowAccumulator() {
        reset();
    }

    Bucket[] scratch() {
        return scratch;
    }

    Bucket[] growScratch() {
        scratch = Arrays.copyOf(scratch, scratch.length * 2);
        return scratch;
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
        checks += b.checks;
        samples += b.samples;
        ups += b.ups;
        if (b.responses > 0) {
            responseMax = responses == 0 ? b.responseMax : Math.max(responseMax, b.responseMax);
            responses += b.responses;
            responseSum += b.responseSum;
        }
        if (b.ttfbs > 0) {
            ttfbMax = ttfbs == 0 ? b.ttfbMax : Math.max(ttfbMax, b.ttfbMax);
            ttfbs += b.ttfbs;
            ttfbSum += b.ttfbSum;
        }
        lastCheckMs = Math.max(lastCheckMs, b.lastCheckMs);
        lastUpMs = Math.max(lastUpMs, b.lastUpMs);
    }

    void addStatus(int status, int count) {
        if (statuses[status] == 0) {
            touchedStatuses[touched++] = status;
        }
        statuses[status] += count;
    }

    void addError(ErrorClass errorClass, int count) {
        errors[errorClass.ordinal()] += count;
    }

    void addBins(int[] dense, int base) {
        long[] b = bins;
        for (int i = 0; i < dense.length; i++) {
            b[base + i] += dense[i];
        }
        minBin = Math.min(minBin, base);
        maxBin = Math.max(maxBin, base + dense.length - 1);
    }

    void addBin(int bin, int count) {
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
        Map<String, Long> statusCodes = new HashMap<>(4);
        for (int i = 0; i < touched; i++) {
            statusCodes.put(Integer.toString(touchedStatuses[i]), statuses[touchedStatuses[i]]);
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
