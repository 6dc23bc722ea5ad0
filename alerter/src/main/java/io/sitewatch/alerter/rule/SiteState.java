package io.sitewatch.alerter.rule;

import io.sitewatch.model.AlertType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the alerter remembers about one site: the measurements of the recent past (enough to evaluate
 * any window a record within the grace period can fall in, and to recognise duplicates), the UP/DOWN status,
 * and what {@code NO_DATA} needs. Plain Java; the topology stores it per site with {@link SiteStateCodec}.
 *
 * <h2>Evaluation, late records and exactness</h2>
 * Every accepted measurement is placed in the history by its event time. Then the site is evaluated at every
 * distinct measurement time p (an <i>evaluation point</i>) with {@code p ≥ t} (the new record's time),
 * {@code p > lastTransition} and {@code p ≤ maxSeen}, in event-time order; at each, the window is (p − W, p].
 * <ul>
 *   <li>In order ({@code t ≥ maxSeen}): the only point is t itself — exactly the rule of DESIGN.md.</li>
 *   <li>Late, but after the last alert: the points from t on are evaluated again with the record in place,
 *       starting from the status in force at t. The alerts are exactly those an in-order stream would have
 *       produced.</li>
 *   <li>Late and older than the last alert: published alerts are never rewritten. The record counts in every
 *       window evaluated after the last alert (the points after it are evaluated again).</li>
 * </ul>
 * Consequences: per site, alerts strictly alternate DOWN, RECOVERED, DOWN…, and their times strictly
 * increase, so {@code Alert.idFor(site, type, time)} is unique. The outcome depends only on the order of the
 * records in the partition, so a replay produces the same alerts.
 *
 * <p>A record older than {@code maxSeen − grace} is not placed ({@link Outcome#LATE}); a record whose id is
 * already held is not placed again ({@link Outcome#DUPLICATE}). The history keeps what a record within the
 * grace can still need: entries newer than {@code maxSeen − grace − W}.
 *
 * <h2>A widened window</h2>
 * The history is pruned with the window in force, so when a site's window is widened (its {@code alerting.window}
 * changed in the registry) the checks of the new window's first part are already forgotten. A window that reaches
 * back before the newest forgotten check ({@code forgottenUpTo}) is not judged at all: the site keeps its status
 * until the history holds a whole window (at most new W − old W − grace later). Judging on the part still held
 * gave figures that were not the window's ("down, availability=66.67%, samples=30" where the window held 60
 * checks at 83%). With an unchanged or narrower window this never happens: the history always covers it.
 *
 * <h2>Removed sites</h2>
 * When a site leaves the registry its state is replaced by {@link #removed(long)}: nothing of the old state, and
 * the time of the removal. Checks scheduled before the removal plus the grace are still in flight from the
 * probers (or from a prober catching up on the registry); they are ignored ({@link Outcome#REMOVED}), so that a
 * removed site never alerts on its last checks. Later measurements count as for any site.
 */
public final class SiteState {
    /** "Never" for the epoch-millisecond fields. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * One measurement as the rule sees it.
     *
     * @param idHash 64-bit hash of the measurement id ({@link #idHash}); duplicates count once
     * @param time   event time, epoch ms
     * @param up     true, false, or null for a check that did not run (never counted)
     */
    public record Entry(long idHash, long time, Boolean up) {
    }

    /** What happened to an offered measurement. */
    public enum Outcome { ACCEPTED, DUPLICATE, LATE, REMOVED }

    /** The outcome and the transitions, in event-time order (empty unless ACCEPTED). */
    public record Result(Outcome outcome, List<Transition> transitions) {
    }

    static final byte DOWN = 0;
    static final byte UP = 1;
    static final byte NOT_COUNTED = 2;

    // The history, sorted by time: parallel arrays, because the state is decoded and encoded on every record.
    long[] times;
    long[] ids;
    byte[] ups;
    int size;
    private long maxSeen;
    private SiteStatus status;
    private long downSince;
    private long lastTransition;
    private long lastSample;
    private long lastSampleWallClock;
    private boolean registered;
    private boolean noDataReported;
    private long removedAt;
    private long forgottenUpTo;

    /** A site never heard of: UP, nothing seen. */
    public SiteState() {
        this(new long[16], new long[16], new byte[16], 0, NONE, SiteStatus.UP, NONE, NONE, NONE, NONE, false, false,
                NONE, NONE);
    }

    /**
     * The state of a site that has just left the registry: UP, nothing seen, not registered, and the removal
     * time, so that the checks still in flight for it are ignored.
     *
     * @param wallClock when the alerter found the site removed, epoch ms
     */
    public static SiteState removed(long wallClock) {
        SiteState s = new SiteState();
        s.removedAt = wallClock;
        return s;
    }

    /**
     * The state of a registered site the alerter has not heard from yet: UP, nothing seen, registered, its silence
     * counted from {@code wallClock} (for {@code NO_DATA}; its last measurement stays unknown).
     */
    public static SiteState watching(long wallClock) {
        SiteState s = new SiteState();
        s.registered = true;
        s.lastSampleWallClock = wallClock;
        return s;
    }

    /** Used by {@link SiteStateCodec}; the first {@code size} entries must be sorted by time. */
    SiteState(long[] times, long[] ids, byte[] ups, int size, long maxSeen, SiteStatus status, long downSince,
              long lastTransition, long lastSample, long lastSampleWallClock, boolean registered,
              boolean noDataReported, long removedAt, long forgottenUpTo) {
        this.times = times;
        this.ids = ids;
        this.ups = ups;
        this.size = size;
        this.maxSeen = maxSeen;
        this.status = status;
        this.downSince = downSince;
        this.lastTransition = lastTransition;
        this.lastSample = lastSample;
        this.lastSampleWallClock = lastSampleWallClock;
        this.registered = registered;
        this.noDataReported = noDataReported;
        this.removedAt = removedAt;
        this.forgottenUpTo = forgottenUpTo;
    }

    /**
     * The 64-bit FNV-1a hash of a measurement id, finished with a murmur3 mix. Duplicates are recognised by it:
     * a false match needs a 64-bit collision between two ids of one site within the grace and the window.
     */
    public static long idHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Offers a measurement.
     *
     * @param id        measurement id
     * @param time      event time, epoch ms
     * @param up        true, false or null (not counted)
     * @param rule      the site's rule now
     * @param graceMs   how far behind {@code maxSeen} a record may be and still be placed
     * @param wallClock now, epoch ms (for NO_DATA bookkeeping only)
     */
    public Result accept(String id, long time, Boolean up, AvailabilityRule rule, long graceMs, long wallClock) {
        if (removedAt != NONE && time <= removedAt + graceMs) {
            return new Result(Outcome.REMOVED, List.of());
        }
        if (maxSeen != NONE && time < maxSeen - graceMs) {
            return new Result(Outcome.LATE, List.of());
        }
        long hash = idHash(id);
        for (int i = 0; i < size; i++) {
            if (ids[i] == hash) {
                return new Result(Outcome.DUPLICATE, List.of());
            }
        }
        insert(hash, time, up == null ? NOT_COUNTED : up ? UP : DOWN);
        maxSeen = maxSeen == NONE ? time : Math.max(maxSeen, time);
        if (up != null) {
            lastSample = lastSample == NONE ? time : Math.max(lastSample, time);
            lastSampleWallClock = wallClock;
            noDataReported = false;
        }
        List<Transition> transitions = evaluateFrom(time, rule);
        prune(maxSeen - graceMs - rule.windowMillis());
        return new Result(Outcome.ACCEPTED, transitions);
    }

    private void insert(long hash, long time, byte up) {
        if (size == times.length) {
            int n = Math.max(16, size * 2);
            times = Arrays.copyOf(times, n);
            ids = Arrays.copyOf(ids, n);
            ups = Arrays.copyOf(ups, n);
        }
        int i = size;
        while (i > 0 && times[i - 1] > time) {
            i--;
        }
        if (i < size) {
            System.arraycopy(times, i, times, i + 1, size - i);
            System.arraycopy(ids, i, ids, i + 1, size - i);
            System.arraycopy(ups, i, ups, i + 1, size - i);
        }
        times[i] = time;
        ids[i] = hash;
        ups[i] = up;
        size++;
    }

    private List<Transition> evaluateFrom(long from, AvailabilityRule rule) {
        List<Transition> out = List.of();
        long previousPoint = NONE;
        for (int i = 0; i < size; i++) {
            long p = times[i];
            if (p < from || p == previousPoint || (lastTransition != NONE && p <= lastTransition)) {
                continue;
            }
            previousPoint = p;
            if (forgottenUpTo != NONE && forgottenUpTo > p - rule.windowMillis()) {
                continue; // the window reaches back into checks already forgotten (a widened window): not judged
            }
            WindowStats stats = statsAt(p, rule.windowMillis());
            AlertType type = rule.decide(status, stats);
            if (type == null) {
                continue;
            }
            if (out.isEmpty()) {
                out = new ArrayList<>(2);
            }
            if (type == AlertType.DOWN) {
                status = SiteStatus.DOWN;
                downSince = p;
                out.add(new Transition(type, p, stats, NONE));
            } else {
                status = SiteStatus.UP;
                out.add(new Transition(type, p, stats, downSince));
                downSince = NONE;
            }
            lastTransition = p;
        }
        return out;
    }

    /** The samples in (end − window, end]. */
    public WindowStats statsAt(long end, long windowMs) {
        long start = end - windowMs;
        int up = 0;
        int samples = 0;
        for (int i = 0; i < size; i++) {
            long t = times[i];
            if (t > end) {
                break;
            }
            if (t > start && ups[i] != NOT_COUNTED) {
                samples++;
                up += ups[i];
            }
        }
        return new WindowStats(up, samples);
    }

    private void prune(long keepAfter) {
        int drop = 0;
        while (drop < size && times[drop] <= keepAfter) {
            drop++;
        }
        if (drop > 0) {
            forgottenUpTo = forgottenUpTo == NONE ? times[drop - 1] : Math.max(forgottenUpTo, times[drop - 1]);
            System.arraycopy(times, drop, times, 0, size - drop);
            System.arraycopy(ids, drop, ids, 0, size - drop);
            System.arraycopy(ups, drop, ups, 0, size - drop);
            size -= drop;
        }
    }

    /**
     * True, once per silence, when no sample has arrived for {@code silenceMs} of wall-clock time, counted
     * from the last sample or from {@code notBefore} (the alerter's start) when that is later, so a restart
     * or a catch-up never reports a silence the alerter did not witness. Marks it reported.
     */
    public boolean noDataDue(long wallClock, long notBefore, long silenceMs) {
        if (noDataReported) {
            return false;
        }
        long heard = Math.max(lastSampleWallClock, notBefore);
        if (wallClock - heard < silenceMs) {
            return false;
        }
        noDataReported = true;
        return true;
    }

    /** The history, oldest first (a copy). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Entry(ids[i], times[i], ups[i] == NOT_COUNTED ? null : ups[i] == UP));
        }
        return out;
    }

    public long maxSeen() {
        return maxSeen;
    }

    public SiteStatus status() {
        return status;
    }

    public long downSince() {
        return downSince;
    }

    public long lastTransition() {
        return lastTransition;
    }

    public long lastSample() {
        return lastSample;
    }

    public long lastSampleWallClock() {
        return lastSampleWallClock;
    }

    public boolean registered() {
        return registered;
    }

    /** Marks whether the site was in the targets registry when last looked at. */
    public void registered(boolean value) {
        registered = value;
    }

    public boolean noDataReported() {
        return noDataReported;
    }

    /**
     * The time of the newest check pruned from the history (epoch ms), or {@link #NONE}: windows reaching back
     * before it are incomplete and not judged.
     */
    public long forgottenUpTo() {
        return forgottenUpTo;
    }

    /** When the site was found removed from the registry (epoch ms, wall clock), or {@link #NONE}. */
    public long removedAt() {
        return removedAt;
    }
}
