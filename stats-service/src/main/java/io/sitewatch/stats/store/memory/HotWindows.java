package io.sitewatch.stats.store.memory;

import java.util.Arrays;

/**
 * The window lengths the memory store keeps as {@link SlidingAggregate}s: the last few queried, each in a slot
 * with a generation that changes when the slot is given to another length (so sites drop what they kept for
 * the old one). A slot not queried for {@code idleMs} is freed. Thread-safe.
 */
final class HotWindows {
    private final long[] length;
    private final long[] generation;
    private final long[] usedMs;
    private final long idleMs;
    private long nextGeneration = 1;

    HotWindows(int slots, long idleMs) {
        this.length = new long[slots];
        this.generation = new long[slots];
        this.usedMs = new long[slots];
        this.idleMs = idleMs;
    }

    int slots() {
        return length.length;
    }

    /** The slot for windows of {@code buckets} buckets, taking the least recently used one if it has none. */
    synchronized int slotFor(long buckets, long nowMs) {
        int lru = 0;
        for (int i = 0; i < length.length; i++) {
            if (length[i] == buckets) {
                usedMs[i] = nowMs;
                return i;
            }
            if (usedMs[i] < usedMs[lru]) {
                lru = i;
            }
        }
        length[lru] = buckets;
        generation[lru] = nextGeneration++;
        usedMs[lru] = nowMs;
        return lru;
    }

    synchronized long generation(int slot) {
        return generation[slot];
    }

    /** Frees the slots idle for longer than the idle time; returns the current generations (0 = free). */
    synchronized long[] expire(long nowMs) {
        for (int i = 0; i < length.length; i++) {
            if (length[i] != 0 && nowMs - usedMs[i] > idleMs) {
                length[i] = 0;
                generation[i] = 0;
                usedMs[i] = 0;
            }
        }
        return Arrays.copyOf(generation, generation.length);
    }

    /** Window lengths (in buckets) in use. */
    synchronized long[] lengths() {
        return Arrays.stream(length).filter(l -> l != 0).sorted().toArray();
    }
}
