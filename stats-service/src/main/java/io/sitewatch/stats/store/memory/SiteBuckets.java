package io.sitewatch.stats.store.memory;

import io.sitewatch.model.Measurement;

/**
 * The buckets of one site: a ring of chunks of {@value #CHUNK} consecutive buckets (one hour at 10 s),
 * allocated when first written, so memory follows the hours that have data. A chunk is replaced only by one
 * a full ring later, i.e. after it has left the retention.
 *
 * <p>Each chunk also keeps roll-ups of 6 and 60 buckets (one and ten minutes at 10 s), written together with
 * the bucket, so a query sums whole roll-ups inside the window and single buckets only at its edges: a 1-hour
 * window costs about 20 merges per site instead of 360. An absent roll-up means no data in its whole span.
 * Guarded by its own monitor.
 */
final class SiteBuckets {
    static final int CHUNK = 360;
    /** Buckets per level: 1 (the bucket), 6, 60. */
    static final int[] SPAN = {1, 6, 60};

    private final Chunk[] ring;

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
        Bucket bucket = chunk.levels[0][slot];
        if (bucket == null) {
            bucket = new Bucket(bucketId);
            chunk.levels[0][slot] = bucket;
        }
        if (!bucket.add(m, proberIndex, offsetMs, timeMs)) {
            return 0;
        }
        for (int level = 1; level < SPAN.length; level++) {
            int i = slot / SPAN[level];
            Bucket rollup = chunk.levels[level][i];
            if (rollup == null) {
                rollup = new Bucket(chunkId * CHUNK + (long) i * SPAN[level], true);
                chunk.levels[level][i] = rollup;
            }
            rollup.count(m, timeMs);
        }
        return 1;
    }

    /**
     * Merges buckets {@code first..last} (inclusive) into {@code acc}, whole roll-ups where they fit. The buckets
     * are gathered first and merged after: their loads are then independent of one another, so the CPU overlaps
     * their cache misses instead of waiting for each in turn (a query over thousands of sites is bound by them).
     */
    synchronized void merge(long first, long last, WindowAccumulator acc) {
        Bucket[] picked = acc.scratch();
        int count = 0;
        long bucketId = first;
        while (bucketId <= last) {
            long chunkId = Math.floorDiv(bucketId, CHUNK);
            long chunkEnd = Math.min(last, chunkId * CHUNK + CHUNK - 1);
            Chunk chunk = ring[(int) Math.floorMod(chunkId, (long) ring.length)];
            if (chunk != null && chunk.id == chunkId) {
                int s = (int) (bucketId - chunkId * CHUNK);
                int to = (int) (chunkEnd - chunkId * CHUNK);
                while (s <= to) {
                    int level = SPAN.length - 1;
                    while (level > 0 && (s % SPAN[level] != 0 || s + SPAN[level] - 1 > to)) {
                        level--;
                    }
                    Bucket b = chunk.levels[level][s / SPAN[level]];
                    if (b != null) {
                        if (count == picked.length) {
                            picked = acc.growScratch();
                        }
                        picked[count++] = b;
                    }
                    s += SPAN[level];
                }
            }
            bucketId = chunkEnd + 1;
        }
        for (int i = 0; i < count; i++) {
            acc.addCounters(picked[i]);
        }
        for (int i = 0; i < count; i++) {
            picked[i].mergeCountsInto(acc);
            picked[i] = null;
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
        final Bucket[][] levels = new Bucket[SPAN.length][];

        Chunk(long id) {
            this.id = id;
            for (int level = 0; level < SPAN.length; level++) {
                levels[level] = new Bucket[CHUNK / SPAN[level]];
            }
        }
    }
}
