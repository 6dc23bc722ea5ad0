package io.sitewatch.stats.store.memory;

import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import io.sitewatch.store.MeasurementStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

/**
 * The default store: measurements pre-aggregated per site in fixed buckets (default 10 s) kept for the
 * retention (default 24 h), so a query sums at most window/bucket buckets per site whatever the check rate.
 * Nothing survives a restart: the stats service rebuilds it from the measurements topic.
 *
 * <ul>
 *   <li>Windows are answered at bucket resolution: (from, to] is widened outward to bucket boundaries, and
 *       starts no earlier than the retention horizon ({@link #align} says so).</li>
 *   <li>Counts, availability, averages, maxima, status and error counts, lastCheck and lastUp are exact;
 *       response-time percentiles come from a 256-bin log histogram, within 2.5 % (0.5 ms under 1 ms) of the
 *       value of the same rank (see {@link ResponseHistogram}).</li>
 *   <li>Idempotent per (site, prober, time in ms): the first point with a key wins, a replay is ignored.</li>
 *   <li>Points older than the retention or more than {@link #FUTURE_ALLOWANCE} ahead of the clock are
 *       dropped and counted ({@link #droppedOutOfRange()}).</li>
 *   <li>Memory: about 170 bytes per check at one check per 10 s bucket, roll-ups included (measured:
 *       10,000 sites × 1 h = 3.6 M checks in about 600 MB), i.e. ~60 KB per site-hour, ~1.5 MB per site for
 *       24 h; more checks in the same bucket cost ~16 bytes each.</li>
 *   <li>A query sums whole roll-ups inside the window and 10 s buckets at its edges (about 15 per site for one
 *       hour), on all cores when it covers more than 2,000 sites.</li>
 *   <li>The last {@value #HOT_WINDOWS} window lengths queried (the dashboard's views) are kept per site as
 *       {@link SlidingAggregate}s, updated as points arrive and moved forward when a later window of the same
 *       length is asked for, so such a query reads one small record per site. A length not asked for in
 *       {@link #HOT_IDLE} is forgotten. Answers are the same either way.</li>
 * </ul>
 */
public final class InMemoryMeasurementStore implements MeasurementStore {
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    public static final Duration DEFAULT_BUCKET = Duration.ofSeconds(10);
    public static final Duration FUTURE_ALLOWANCE = Duration.ofMinutes(5);
    /** Summaries over more sites than this are computed on all cores. */
    private static final int PARALLEL_THRESHOLD = 2_000;
    static final int HOT_WINDOWS = 4;
    static final Duration HOT_IDLE = Duration.ofMinutes(10);

    private final long bucketMs;
    private final long retentionMs;
    private final Clock clock;
    private final int ringSize;
    private final ConcurrentSkipListMap<String, SiteBuckets> sites = new ConcurrentSkipListMap<>();
    private final Map<String, Integer> proberIndex = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong outOfRange = new AtomicLong();
    /** Site answers by how they were made (hot windows), indexed by {@link SiteBuckets.HotAnswer} ordinal. */
    private final AtomicLongArray hotAnswers = new AtomicLongArray(SiteBuckets.HotAnswer.values().length);
    private final HotWindows hotWindows;
    private volatile long nextEvictionMs;

    public InMemoryMeasurementStore() {
        this(DEFAULT_RETENTION, DEFAULT_BUCKET, Clock.systemUTC());
    }

    public InMemoryMeasurementStore(Duration retention, Duration bucket, Clock clock) {
        this(retention, bucket, clock, HOT_WINDOWS);
    }

    /** {@code hotWindows}: how many window lengths to keep as sliding aggregates (0: none, every query sums). */
    InMemoryMeasurementStore(Duration retention, Duration bucket, Clock clock, int hotWindows) {
        if (bucket.toMillis() < 1 || bucket.toMillis() > Bucket.MAX_OFFSET_MS + 1) {
            throw new IllegalArgumentException("memory store bucket must be 1ms..16s, was " + bucket);
        }
        if (retention.compareTo(bucket) < 0) {
            throw new IllegalArgumentException("memory store retention must be at least one bucket (" + bucket
                    + "), was " + retention);
        }
        this.bucketMs = bucket.toMillis();
        this.retentionMs = retention.toMillis();
        this.clock = clock;
        this.hotWindows = new HotWindows(hotWindows, HOT_IDLE.toMillis());
        long chunkMs = bucketMs * SiteBuckets.CHUNK;
        this.ringSize = (int) ((retentionMs + FUTURE_ALLOWANCE.toMillis()) / chunkMs) + 3;
    }

    /** One writer at a time (the ingest loop); readers never wait for it longer than one site's update. */
    @Override
    public synchronized void write(List<Measurement> batch) {
        long now = clock.millis();
        long oldest = now - retentionMs;
        long newest = now + FUTURE_ALLOWANCE.toMillis();
        long oldestSecond = Math.floorDiv(oldest, 1000) - 1;
        long newestSecond = newest / 1000 + 1;
        for (Measurement m : batch) {
            // seconds first: a time millions of years away has no epoch milliseconds (toEpochMilli would overflow)
            long second = m.time().getEpochSecond();
            long t = second < oldestSecond || second > newestSecond ? oldest : m.time().toEpochMilli();
            if (t <= oldest || t > newest) {
                outOfRange.incrementAndGet();
                continue;
            }
            long bucketId = bucketOf(t);
            int offset = (int) (t - bucketId * bucketMs - 1);
            int prober = proberIndex(m.prober());
            SiteBuckets site = sites.computeIfAbsent(m.site(), s -> new SiteBuckets(ringSize));
            if (site.add(bucketId, m, prober, offset, t) == 1) {
                written.incrementAndGet();
            } else {
                duplicates.incrementAndGet();
            }
        }
        if (now >= nextEvictionMs) {
            evict(now);
        }
    }

    @Override
    public List<SiteStats> stats(Instant from, Instant to, String site) {
        long[] range = bucketRange(from, to);
        Query query = query(from, range);
        if (site != null) {
            SiteBuckets buckets = sites.get(site);
            return buckets == null ? List.of() : summarise(List.of(Map.entry(site, buckets)), query);
        }
        List<Map.Entry<String, SiteBuckets>> all = new ArrayList<>(sites.entrySet());
        int parts = all.size() < PARALLEL_THRESHOLD ? 1 : Runtime.getRuntime().availableProcessors();
        if (parts == 1) {
            return summarise(all, query);
        }
        int slice = (all.size() + parts - 1) / parts;
        return IntStream.range(0, parts).parallel()
                .mapToObj(p -> summarise(all.subList(Math.min(all.size(), p * slice),
                        Math.min(all.size(), (p + 1) * slice)), query))
                .flatMap(List::stream)
                .toList();
    }

    /**
     * Buckets {@code first..last}, answered from hot-window {@code slot} unless it is -1: a window that reaches
     * the retention horizon (cut short by it, or aligned to it) changes length as time passes, so it is always
     * summed from the buckets.
     */
    private record Query(long first, long last, int slot, long generation) {
    }

    private Query query(Instant from, long[] range) {
        long first = range[0];
        long last = range[1];
        if (hotWindows.slots() == 0 || last < first || first <= oldestBucket(clock.millis())) {
            return new Query(first, last, -1, 0);
        }
        int slot = hotWindows.slotFor(last - first + 1, clock.millis());
        return new Query(first, last, slot, hotWindows.generation(slot));
    }

    private List<SiteStats> summarise(List<Map.Entry<String, SiteBuckets>> entries, Query q) {
        List<SiteStats> out = new ArrayList<>(entries.size());
        WindowAccumulator acc = new WindowAccumulator();
        WindowAccumulator scratch = q.slot() < 0 ? null : new WindowAccumulator();
        long length = q.last() - q.first() + 1;
        long[] answers = new long[SiteBuckets.HotAnswer.values().length];
        for (Map.Entry<String, SiteBuckets> e : entries) {
            if (q.slot() < 0) {
                acc.reset();
                e.getValue().merge(q.first(), q.last(), acc);
            } else {
                // rebuilt after a window and a bit, the bit spread over sites so rebuilds do not come all at once
                long rebuildAfter = length + Math.floorMod(e.getKey().hashCode(), length);
                SiteBuckets.HotAnswer how = e.getValue().mergeHot(q.slot(), hotWindows.slots(), q.generation(),
                        q.first(), q.last(), bucketMs, rebuildAfter, acc, scratch);
                answers[how.ordinal()]++;
            }
            if (acc.checks() > 0) {
                out.add(acc.toStats(e.getKey()));
            }
        }
        for (int i = 0; i < answers.length; i++) {
            hotAnswers.addAndGet(i, answers[i]);
        }
        return out;
    }

    /** Site answers of hot windows so far that were made {@code how}. */
    long hotAnswers(SiteBuckets.HotAnswer how) {
        return hotAnswers.get(how.ordinal());
    }

    @Override
    public List<SeriesPoint> series(String site, Instant from, Instant to, Duration step) {
        SeriesBuckets b = seriesBuckets(site, from, to, step);
        long stepMs = b.stepMs();
        long firstEnd = b.firstEnd();
        long lastEnd = b.lastEnd();
        long count = b.count();
        SiteBuckets buckets = sites.get(site);
        long oldest = oldestBucket(clock.millis());
        List<SeriesPoint> out = new ArrayList<>((int) Math.max(0, count));
        WindowAccumulator acc = new WindowAccumulator();
        for (long end = firstEnd; end <= lastEnd; end += stepMs) {
            acc.reset();
            if (buckets != null) {
                long first = Math.max(oldest, (end - stepMs) / bucketMs);
                buckets.merge(first, end / bucketMs - 1, acc);
            }
            out.add(new SeriesPoint(Instant.ofEpochMilli(end), acc.toStats(site)));
        }
        return out;
    }

    @Override
    public void check() {
        // always reachable
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public Duration resolution() {
        return Duration.ofMillis(bucketMs);
    }

    /** Widened to buckets, and starting no earlier than the retention horizon: nothing older is kept. */
    @Override
    public Window align(Instant from, Instant to) {
        Window w = MeasurementStore.super.align(from, to);
        long horizon = Math.min(oldestBucket(clock.millis()) * bucketMs, w.to().toEpochMilli());
        return w.from().toEpochMilli() >= horizon ? w : new Window(Instant.ofEpochMilli(horizon), w.to());
    }

    @Override
    public void close() {
        sites.clear();
    }

    /** Points stored (replays excluded). */
    public long written() {
        return written.get();
    }

    /** Points ignored because their (site, prober, time) was already stored. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Points dropped because they were older than the retention or too far in the future. */
    public long droppedOutOfRange() {
        return outOfRange.get();
    }

    /** Window lengths kept as sliding aggregates. */
    List<Duration> hotWindows() {
        return Arrays.stream(hotWindows.lengths()).mapToObj(n -> Duration.ofMillis(n * bucketMs)).toList();
    }

    /** Sites with data. */
    public int siteCount() {
        return sites.size();
    }

    public Duration retention() {
        return Duration.ofMillis(retentionMs);
    }

    /** Bucket b covers (b·w, (b+1)·w]. */
    private long bucketOf(long timeMs) {
        return Math.floorDiv(timeMs - 1, bucketMs);
    }

    private long oldestBucket(long now) {
        return bucketOf(now - retentionMs) + 1;
    }

    private long[] bucketRange(Instant from, Instant to) {
        long first = Math.max(Math.floorDiv(from.toEpochMilli(), bucketMs), oldestBucket(clock.millis()));
        long last = bucketOf(-Math.floorDiv(-to.toEpochMilli(), bucketMs) * bucketMs);
        return new long[] {first, last};
    }

    /**
     * The prober's index in the duplicate keys. Past {@link Bucket#MAX_PROBERS} distinct prober ids (the default id
     * holds the pid, so a crash-looping prober makes a new one on every start) new ids share indexes by hash: ingest
     * goes on, and two of them collide only on one site, in one bucket, at the same millisecond.
     */
    private int proberIndex(String prober) {
        String key = prober == null ? "" : prober;
        Integer index = proberIndex.get(key);
        if (index != null) {
            return index;
        }
        synchronized (proberIndex) {
            if (proberIndex.size() >= Bucket.MAX_PROBERS && !proberIndex.containsKey(key)) {
                return Math.floorMod(key.hashCode(), Bucket.MAX_PROBERS);
            }
            return proberIndex.computeIfAbsent(key, k -> proberIndex.size());
        }
    }

    private void evict(long now) {
        nextEvictionMs = now + Math.min(60_000, retentionMs);
        long oldest = oldestBucket(now);
        long[] generations = hotWindows.expire(now);
        for (Map.Entry<String, SiteBuckets> e : sites.entrySet()) {
            e.getValue().dropHot(generations);
            if (e.getValue().evictBefore(oldest)) {
                sites.remove(e.getKey(), e.getValue());
            }
        }
    }
}
