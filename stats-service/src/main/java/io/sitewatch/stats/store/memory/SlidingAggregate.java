package io.sitewatch.stats.store.memory;

import io.sitewatch.model.Measurement;
import java.util.Arrays;

/**
 * One site's aggregates over a window that slides forward — buckets {@link #first}..{@link #last} — kept up to
 * date as measurements arrive, so that a query of a window length asked for again and again (the dashboard's
 * views) reads one small record per site instead of summing some fifteen roll-ups.
 *
 * <p>It always equals the sum of the window's buckets:
 * <ul>
 *   <li>a new point inside the window is added as it is written ({@link #add});</li>
 *   <li>moving the window forward adds the buckets it gains and subtracts the buckets it loses — every field
 *       but the maxima is a count or a sum. The maxima and the latest times cannot be subtracted: the latest
 *       check and the latest up are in the lost buckets only when nothing later is left, and a maximum that
 *       ties the lost buckets' maximum makes the caller rebuild ({@link #loses});</li>
 *   <li>it is rebuilt from the buckets once it has moved a full window and a bit (staggered per site, so that
 *       rebuilds spread over time), which bounds the rounding of the sums added and subtracted.</li>
 * </ul>
 * Not thread-safe: guarded by its site's {@link SiteBuckets}.
 */
final class SlidingAggregate {
    private static final long[] NONE = new long[0];
    private static final long COUNT_MASK = (1L << 48) - 1;
    private static final int ERROR_KEY = 1 << 15;

    final long generation;
    long first;
    long last;
    /** Buckets moved since the last rebuild, and how many to move before the next. */
    private long moved;
    private final long rebuildAfter;

    private long checks;
    private long samples;
    private long ups;
    private long responses;
    private double responseSum;
    private double responseMax;
    private long ttfbs;
    private double ttfbSum;
    private double ttfbMax;
    private long lastCheckMs = Long.MIN_VALUE;
    private long lastUpMs = Long.MIN_VALUE;
    /** Status and error counts: key (bits 48..63; error classes have bit 15 set) and signed count. */
    private long[] counters = NONE;
    private int used;
    /** Response-time bin counts, dense from {@code binBase}. */
    private long[] bins = NONE;
    private int binBase;

    /** The aggregate of buckets {@code first..last}, whose sums are in {@code window}. */
    SlidingAggregate(long generation, long first, long last, long rebuildAfter, WindowAccumulator window) {
        this.generation = generation;
        this.first = first;
        this.last = last;
        this.rebuildAfter = rebuildAfter;
        plus(window);
    }

    long length() {
        return last - first + 1;
    }

    /** Whether moving {@code step} buckets forward is due a rebuild instead. */
    boolean rebuildDue(long step) {
        return step >= length() || moved + step > rebuildAfter;
    }

    /**
     * Whether losing the buckets summed in {@code lost} would take this window's maximum response time or time to
     * first byte with them: then only a rebuild knows the new one.
     */
    boolean loses(WindowAccumulator lost) {
        return (lost.responses > 0 && lost.responseMax >= responseMax)
                || (lost.ttfbs > 0 && lost.ttfbMax >= ttfbMax);
    }

    /**
     * Moves the window to start at {@code newFirst}: subtracts the buckets it loses ({@code lost}, which ends at
     * {@code lostEndMs}) and adds those it gains ({@code gained}). The caller checked {@link #loses} first.
     */
    void move(long newFirst, long newLast, WindowAccumulator lost, long lostEndMs, WindowAccumulator gained) {
        minus(lost);
        if (lastCheckMs <= lostEndMs) { // only the gained buckets can hold a later check
            lastCheckMs = Long.MIN_VALUE;
        }
        if (lastUpMs <= lostEndMs) {
            lastUpMs = Long.MIN_VALUE;
        }
        plus(gained);
        moved += newLast - last;
        first = newFirst;
        last = newLast;
    }

    /** Adds a point written into one of the window's buckets. */
    void add(Measurement m, long timeMs) {
        checks++;
        lastCheckMs = Math.max(lastCheckMs, timeMs);
        if (m.up() != null) {
            samples++;
            if (m.up()) {
                ups++;
                lastUpMs = Math.max(lastUpMs, timeMs);
            }
        }
        if (m.status() != null) {
            count(m.status(), 1);
            if (m.responseMs() != null) {
                double v = m.responseMs();
                responseMax = responses == 0 ? v : Math.max(responseMax, v);
                responses++;
                responseSum += v;
                bin(ResponseHistogram.bin(v), 1);
            }
            if (m.ttfbMs() != null) {
                double v = m.ttfbMs();
                ttfbMax = ttfbs == 0 ? v : Math.max(ttfbMax, v);
                ttfbs++;
                ttfbSum += v;
            }
        }
        if (m.error() != null) {
            count(ERROR_KEY | m.error().errorClass().ordinal(), 1);
        }
    }

    /** Writes this window's aggregates into {@code acc}, which the caller has reset. */
    void copyInto(WindowAccumulator acc) {
        acc.addTotals(checks, samples, ups, lastCheckMs, lastUpMs);
        if (responses > 0) {
            acc.addResponses(responses, responseSum, responseMax);
        }
        if (ttfbs > 0) {
            acc.addTtfbs(ttfbs, ttfbSum, ttfbMax);
        }
        for (int i = 0; i < used; i++) {
            long count = counters[i] & COUNT_MASK;
            if (count != 0) {
                int key = (int) (counters[i] >>> 48);
                if ((key & ERROR_KEY) != 0) {
                    acc.addError(key & ~ERROR_KEY, count);
                } else {
                    acc.addStatus(key, count);
                }
            }
        }
        for (int i = 0; i < bins.length; i++) {
            if (bins[i] != 0) {
                acc.addBin(binBase + i, bins[i]);
            }
        }
    }

    private void plus(WindowAccumulator acc) {
        checks += acc.checks;
        samples += acc.samples;
        ups += acc.ups;
        if (acc.responses > 0) {
            responseMax = responses == 0 ? acc.responseMax : Math.max(responseMax, acc.responseMax);
            responses += acc.responses;
            responseSum += acc.responseSum;
        }
        if (acc.ttfbs > 0) {
            ttfbMax = ttfbs == 0 ? acc.ttfbMax : Math.max(ttfbMax, acc.ttfbMax);
            ttfbs += acc.ttfbs;
            ttfbSum += acc.ttfbSum;
        }
        lastCheckMs = Math.max(lastCheckMs, acc.lastCheckMs);
        lastUpMs = Math.max(lastUpMs, acc.lastUpMs);
        counts(acc, 1);
    }

    private void minus(WindowAccumulator acc) {
        checks -= acc.checks;
        samples -= acc.samples;
        ups -= acc.ups;
        responses -= acc.responses;
        responseSum -= acc.responseSum;
        ttfbs -= acc.ttfbs;
        ttfbSum -= acc.ttfbSum;
        if (responses == 0) { // exactly nothing left: no rounding residue either
            responseSum = responseMax = 0;
        }
        if (ttfbs == 0) {
            ttfbSum = ttfbMax = 0;
        }
        counts(acc, -1);
    }

    private void counts(WindowAccumulator acc, int sign) {
        for (int i = 0; i < acc.touched; i++) {
            int status = acc.touchedStatuses[i];
            count(status, sign * acc.statuses[status]);
        }
        for (int e = 0; e < acc.errors.length; e++) {
            if (acc.errors[e] != 0) {
                count(ERROR_KEY | e, sign * acc.errors[e]);
            }
        }
        for (int b = acc.minBin; b <= acc.maxBin; b++) {
            if (acc.bins[b] != 0) {
                bin(b, sign * acc.bins[b]);
            }
        }
    }

    /** Counts stay non-negative (the window is a sum of buckets), so 48 bits hold them. */
    private void count(int key, long delta) {
        long prefix = (long) key << 48;
        for (int i = 0; i < used; i++) {
            if ((counters[i] & ~COUNT_MASK) == prefix) {
                counters[i] = prefix | ((counters[i] & COUNT_MASK) + delta);
                return;
            }
        }
        if (used == counters.length) {
            counters = Arrays.copyOf(counters, Math.max(4, used * 2));
        }
        counters[used++] = prefix | delta;
    }

    private void bin(int bin, long delta) {
        if (bins.length == 0) {
            bins = new long[1];
            binBase = bin;
        } else if (bin < binBase || bin >= binBase + bins.length) {
            int low = Math.min(binBase, bin);
            int high = Math.max(binBase + bins.length - 1, bin);
            long[] grown = new long[high - low + 1];
            System.arraycopy(bins, 0, grown, binBase - low, bins.length);
            bins = grown;
            binBase = low;
        }
        bins[bin - binBase] += delta;
    }
}
