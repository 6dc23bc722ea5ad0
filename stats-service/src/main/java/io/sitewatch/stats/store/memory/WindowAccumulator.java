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
    private final long[] statuses = new long[600];
    private final int[] touchedStatuses = new int[600];
    private int touched;
    private final long[] errors = new long[ErrorClass.values().length];

    WindowAccumulator() {
        reset();
    }

    void reset() {
        if (responses > 0) {
            Arrays.fill(bins, 0);
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

    void addBin(int bin, int count) {
        bins[bin] += count;
    }

    long checks() {
        return checks;
    }

    SiteStats toStats(String site) {
        SiteStats.Timing response = SiteStats.Timing.EMPTY;
        if (responses > 0) {
            response = new SiteStats.Timing(responseSum / responses, responseMax,
                    ResponseHistogram.percentile(bins, responses, 50, responseMax),
                    ResponseHistogram.percentile(bins, responses, 95, responseMax),
                    ResponseHistogram.percentile(bins, responses, 99, responseMax));
        }
        SiteStats.Timing ttfb = ttfbs == 0 ? SiteStats.Timing.EMPTY
                : new SiteStats.Timing(ttfbSum / ttfbs, ttfbMax, null, null, null);
        Map<String, Long> statusCodes = new HashMap<>();
        for (int i = 0; i < touched; i++) {
            statusCodes.put(Integer.toString(touchedStatuses[i]), statuses[touchedStatuses[i]]);
        }
        Map<String, Long> errorCounts = new HashMap<>();
        for (ErrorClass c : ErrorClass.values()) {
            if (errors[c.ordinal()] > 0) {
                errorCounts.put(c.name(), errors[c.ordinal()]);
            }
        }
        return new SiteStats(site, checks, samples, samples == 0 ? null : (double) ups / samples, response, ttfb,
                statusCodes, errorCounts,
                lastCheckMs == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastCheckMs),
                lastUpMs == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastUpMs));
    }
}
