package io.sitewatch.stats.store.memory;

import io.sitewatch.model.Measurement;

/**
 * The buckets of one site: a ring of chunks of {@value #CHUNK} consecutive buckets (one hour at 10 s),
 * allocated when first written, so memory follows the hours that have data. A chunk is replaced only by one
 * a full ring later, i.e. after it has left the retention.
 *
 * <p>Each chunk also keeps {@link Rollup}s of {@value #MINUTE} and {@value #TEN_MINUTES} buckets (one and ten
 * minutes at 10 s), written together with the bucket, so a query sums whole roll-ups inside the window and
 * single buckets only at its edges: a 1-hour window ending on a minute costs about 15 roll-ups per site instead
 * of 360 buckets. An absent bucket or roll-up means no data in its whole span.
 *
 * <p>For the window lengths queried again and again, it also keeps {@link SlidingAggregate}s, one per hot
 * window of the store (see {@link InMemoryMeasurementStore}), updated as points are written. Guarded by its own
 * monitor.
 */
final class SiteBuckets {
    static final int CHUNK = 360;
    static final int MINUTE = 6;
    static final int TEN_MINUTES = 60;

    private final Chunk[] ring;
    /** By hot-window slot; null until this site is first asked for one. */
    private SlidingAggregate[] hot;

    SiteBuckets(int ringSize) {
        this.ring = new Chunk[ringSize];
    }

    /** Returns 1 when added, 0 for a duplicate key. */
    synchronized int add(long bucketId, Measurement m, int proberIndex, int offsetMs, long timeMs) {
        long chunkId = Math.floorDiv(bucketId, CHUNK);
        int index = (int) Math.floorMod(chunkId, (long) ring.length);
        Chunk chunk = ring[index];
        if (chunk == null || chunk.id < chunkId) {
            chunk = new Chunk(chunkId);
            ring[index] = chunk;
        } else if (chunk.id > chunkId) {
            return 0; // older than the ring: the caller checks retention first, so this is unreachable in practice
        }
        int slot = (int) Math.floorMod(bucketId, (long) CHUNK);
        Bucket bucket = chunk.buckets[slot];
        if (bucket == null) {
            bucket = new Bucket(bucketId);
            chunk.buckets[slot] = bucket;
        }
        if (!bucket.add(m, proberIndex, offsetMs, timeMs)) {
            return 0;
        }
        chunk.minutes[slot / MINUTE] = Rollup.add(orEmpty(chunk.minutes[slot / MINUTE]), m, timeMs);
        chunk.tens[slot / TEN_MINUTES] = Rollup.add(orEmpty(chunk.tens[slot / TEN_MINUTES]), m, timeMs);
        if (hot != null) {
            for (SlidingAggregate h : hot) {
                if (h != null && bucketId >= h.first && bucketId <= h.last) {
                    h.add(m, timeMs);
                }
            }
        }
        return 1;
    }

    /**
     * Buckets {@code first..last} into {@code acc} (reset first) from this site's sliding aggregate of hot window
     * {@code slot}: moved forward to {@code last} if it is behind, built if it is missing or of an older
     * {@code generation} of the slot. A window behind the aggregate is merged the ordinary way.
     *
     * @param bucketMs       the bucket width, to tell when the buckets a move loses end
     * @param rebuildAfter   buckets to move before the aggregate is rebuilt from the buckets
     * @param scratch        a second accumulator for the buckets a move gains and loses
     */
    synchronized HotAnswer mergeHot(int slot, int slots, long generation, long first, long last, long bucketMs,
                                    long rebuildAfter, WindowAccumulator acc, WindowAccumulator scratch) {
        acc.reset();
        if (hot == null) {
            hot = new SlidingAggregate[slots];
        }
        SlidingAggregate h = hot[slot];
        boolean fresh = h == null || h.generation != generation || h.length() != last - first + 1;
        if (!fresh && last < h.last) {
            mergeRange(first, last, acc);
            return HotAnswer.SUMMED;
        }
        HotAnswer answer = HotAnswer.KEPT;
        if (!fresh && last > h.last) {
            long step = last - h.last;
            if (h.rebuildDue(step)) {
                fresh = true;
            } else {
                scratch.reset();
                mergeRange(h.first, first - 1, scratch); // the buckets the window loses
                if (h.loses(scratch)) {
                    fresh = true;
                } else {
                    // the gained buckets go through acc, which is reset again before the answer is copied in
                    mergeRange(h.last + 1, last, acc);
                    h.move(first, last, scratch, first * bucketMs, acc);
                    acc.reset();
                    answer = HotAnswer.MOVED;
                }
            }
        }
        if (fresh) { // acc sums the window: it is the answer, and the new aggregate starts from it
            mergeRange(first, last, acc);
            hot[slot] = new SlidingAggregate(generation, first, last, rebuildAfter, acc);
            return HotAnswer.BUILT;
        }
        h.copyInto(acc);
        return answer;
    }

    /** How {@link #mergeHot} answered. */
    enum HotAnswer {
        /** from the sliding aggregate as it was */
        KEPT,
        /** from the sliding aggregate, moved forward */
        MOVED,
        /** from a sliding aggregate built (or rebuilt) from the buckets */
        BUILT,
        /** by summing the buckets: the window is behind the aggregate */
        SUMMED
    }

    /** Forgets the sliding aggregates of slots whose generation is no longer current. */
    synchronized void dropHot(long[] currentGenerations) {
        if (hot == null) {
            return;
        }
        boolean any = false;
        for (int i = 0; i < hot.length; i++) {
            if (hot[i] != null && hot[i].generation != currentGenerations[i]) {
                hot[i] = null;
            }
            any |= hot[i] != null;
        }
        if (!any) {
            hot = null;
        }
    }

    private static long[] orEmpty(long[] rollup) {
        return rollup == null ? Rollup.empty() : rollup;
    }

    /**
     * Merges buckets {@code first..last} (inclusive) into {@code acc}, whole roll-ups where they fit. What to
     * merge is gathered first and merged after: the loads are then independent of one another, so the CPU
     * overlaps their cache misses instead of waiting for each in turn (a query over thousands of sites is bound
     * by them).
     */
    synchronized void merge(long first, long last, WindowAccumulator acc) {
        mergeRange(first, last, acc);
    }

    private void mergeRange(long first, long last, WindowAccumulator acc) {
        Bucket[] buckets = acc.bucketScratch();
        long[][] rollups = acc.rollupScratch();
        int nBuckets = 0;
        int nRollups = 0;
        long bucketId = first;
        while (bucketId <= last) {
            long chunkId = Math.floorDiv(bucketId, CHUNK);
            long chunkEnd = Math.min(last, chunkId * CHUNK + CHUNK - 1);
            Chunk chunk = ring[(int) Math.floorMod(chunkId, (long) ring.length)];
            if (chunk != null && chunk.id == chunkId) {
                int s = (int) (bucketId - chunkId * CHUNK);
                int to = (int) (chunkEnd - chunkId * CHUNK);
                while (s <= to) {
                    long[] r = null;
                    Bucket b = null;
                    if (s % TEN_MINUTES == 0 && s + TEN_MINUTES - 1 <= to) {
                        r = chunk.tens[s / TEN_MINUTES];
                        s += TEN_MINUTES;
                    } else if (s % MINUTE == 0 && s + MINUTE - 1 <= to) {
                        r = chunk.minutes[s / MINUTE];
                        s += MINUTE;
                    } else {
                        b = chunk.buckets[s];
                        s++;
                    }
                    if (r != null) {
                        if (nRollups == rollups.length) {
                            rollups = acc.growRollupScratch();
                        }
                        rollups[nRollups++] = r;
                    } else if (b != null) {
                        if (nBuckets == buckets.length) {
                            buckets = acc.growBucketScratch();
                        }
                        buckets[nBuckets++] = b;
                    }
                }
            }
            bucketId = chunkEnd + 1;
        }
        for (int i = 0; i < nRollups; i++) {
            Rollup.mergeInto(rollups[i], acc);
            rollups[i] = null;
        }
        for (int i = 0; i < nBuckets; i++) {
            acc.addCounters(buckets[i]);
        }
        for (int i = 0; i < nBuckets; i++) {
            buckets[i].mergeCountsInto(acc);
            buckets[i] = null;
        }
    }

    /** Drops chunks that end before {@code oldestBucket}; returns true when nothing is left. */
    synchronized boolean evictBefore(long oldestBucket) {
        boolean empty = true;
        for (int i = 0; i < ring.length; i++) {
            Chunk c = ring[i];
            if (c != null && c.id * CHUNK + CHUNK - 1 < oldestBucket) {
                ring[i] = null;
            } else if (c != null) {
                empty = false;
            }
        }
        return empty;
    }

    private static final class Chunk {
        final long id;
        final Bucket[] buckets = new Bucket[CHUNK];
        final long[][] minutes = new long[CHUNK / MINUTE][];
        final long[][] tens = new long[CHUNK / TEN_MINUTES][];

        Chunk(long id) {
            this.id = id;
        }
    }
}
