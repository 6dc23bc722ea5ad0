package io.sitewatch.stats.store.memory;

import io.sitewatch.model.Measurement;

/**
 * The buckets of one site: a ring of chunks of {@value #CHUNK} consecutive buckets (one hour at 10 s),
 * allocated when first written, so memory follows the hours that have data. A chunk is replaced only by one
 * a full ring later, i.e. after it has left the retention. Guarded by its own monitor.
 */
final class SiteBuckets {
    static final int CHUNK = 360;

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
        Bucket bucket = chunk.buckets[slot];
        if (bucket == null) {
            bucket = new Bucket(bucketId);
            chunk.buckets[slot] = bucket;
        }
        return bucket.add(m, proberIndex, offsetMs, timeMs) ? 1 : 0;
    }

    /** Merges buckets {@code first..last} (inclusive) into {@code acc}. */
    synchronized void merge(long first, long last, WindowAccumulator acc) {
        long bucketId = first;
        while (bucketId <= last) {
            long chunkId = Math.floorDiv(bucketId, CHUNK);
            long chunkEnd = Math.min(last, chunkId * CHUNK + CHUNK - 1);
            Chunk chunk = ring[(int) Math.floorMod(chunkId, (long) ring.length)];
            if (chunk != null && chunk.id == chunkId) {
                int from = (int) (bucketId - chunkId * CHUNK);
                int to = (int) (chunkEnd - chunkId * CHUNK);
                Bucket[] buckets = chunk.buckets;
                for (int s = from; s <= to; s++) {
                    Bucket b = buckets[s];
                    if (b != null) {
                        b.mergeInto(acc);
                    }
                }
            }
            bucketId = chunkEnd + 1;
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

        Chunk(long id) {
            this.id = id;
        }
    }
}
