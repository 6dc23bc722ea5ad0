package io.sitewatch.stats.store.memory;

import io.sitewatch.model.Measurement;

/**
 * The aggregates of one site over one fixed interval (default 10 s): counters, sums and maxima, plus one
 * packed {@code int[]} holding the keys already seen (for idempotence), the counts per status code, per
 * error class and per response-time bin. About 120 bytes for a bucket with one check. Roll-ups of one and
 * ten minutes are {@link Rollup}s.
 *
 * <p>Packed entry layout: the top two bits are the kind; seen key = prober index (16 bits) and millisecond
 * offset in the bucket (14 bits); counters = key (bits 16..29) and count (low 16 bits). A counter that
 * reaches 65,535 continues in a new entry with the same key. Not thread-safe: guarded by its site.
 */
final class Bucket {
    static final int MAX_OFFSET_MS = (1 << 14) - 1;
    static final int MAX_PROBERS = 1 << 16;

    private static final int KIND_SEEN = 0;
    private static final int KIND_STATUS = 1;
    private static final int KIND_ERROR = 2;
    private static final int KIND_BIN = 3;
    private static final int MAX_COUNT = 0xFFFF;
    private static final int[] NONE = new int[0];

    final long id;
    int checks;
    int samples;
    int ups;
    int responses;
    double responseSum;
    double responseMax;
    int ttfbs;
    double ttfbSum;
    double ttfbMax;
    long lastCheckMs = Long.MIN_VALUE;
    long lastUpMs = Long.MIN_VALUE;
    private int[] packed = NONE;
    private int used;

    Bucket(long id) {
        this.id = id;
    }

    /** Adds a point unless its key (prober, offset) is already here; returns false for a duplicate. */
    boolean add(Measurement m, int proberIndex, int offsetMs, long timeMs) {
        int seenKey = (KIND_SEEN << 30) | (proberIndex << 14) | offsetMs;
        for (int i = 0; i < used; i++) {
            if (packed[i] == seenKey) {
                return false;
            }
        }
        append(seenKey);
        count(m, timeMs);
        return true;
    }

    private void count(Measurement m, long timeMs) {
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
            increment(KIND_STATUS, m.status());
            if (m.responseMs() != null) {
                double v = m.responseMs();
                responses++;
                responseSum += v;
                responseMax = responses == 1 ? v : Math.max(responseMax, v);
                increment(KIND_BIN, ResponseHistogram.bin(v));
            }
            if (m.ttfbMs() != null) {
                double v = m.ttfbMs();
                ttfbs++;
                ttfbSum += v;
                ttfbMax = ttfbs == 1 ? v : Math.max(ttfbMax, v);
            }
        }
        if (m.error() != null) {
            increment(KIND_ERROR, m.error().errorClass().ordinal());
        }
    }

    /**
     * Adds this bucket's response-time bins and counts per status and error class to a query accumulator (its
     * scalar counters go through {@link WindowAccumulator#addCounters}).
     */
    void mergeCountsInto(WindowAccumulator acc) {
        int[] p = packed;
        for (int i = 0; i < used; i++) {
            int entry = p[i];
            int kind = entry >>> 30;
            if (kind == KIND_SEEN) {
                continue;
            }
            int key = (entry >>> 16) & 0x3FFF;
            int count = entry & MAX_COUNT;
            switch (kind) {
                case KIND_STATUS -> acc.addStatus(key, count);
                case KIND_ERROR -> acc.addError(key, count);
                case KIND_BIN -> acc.addBin(key, count);
                default -> throw new IllegalStateException("bad entry kind " + kind);
            }
        }
    }

    private void increment(int kind, int key) {
        int prefix = (kind << 30) | (key << 16);
        for (int i = 0; i < used; i++) {
            int entry = packed[i];
            if ((entry & ~MAX_COUNT) == prefix && (entry & MAX_COUNT) < MAX_COUNT) {
                packed[i] = entry + 1;
                return;
            }
        }
        append(prefix | 1);
    }

    private void append(int entry) {
        if (used == packed.length) {
            int[] grown = new int[Math.max(packed.length + 1, packed.length * 3 / 2)];
            System.arraycopy(packed, 0, grown, 0, used);
            packed = grown;
        }
        packed[used++] = entry;
    }
}
