package io.sitewatch.alerter.rule;

import io.sitewatch.model.AlertType;
import java.util.ArrayList;
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
 * already held is not placed again ({@link Outcome#DUPLICATE}).
 */
public final class SiteState {
    /** "Never" for the epoch-millisecond fields. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * One measurement as the rule sees it.
     *
     * @param id   the measurement id (duplicates count once)
     * @param time event time, epoch ms
     * @param up   true, false, or null for a check that did not run (never counted)
     */
    public record Entry(String id, long time, Boolean up) {
    }

    /** What happened to an offered measurement. */
    public enum Outcome { ACCEPTED, DUPLICATE, LATE }

    /** The outcome and the transitions, in event-time order (empty unless ACCEPTED). */
    public record Result(Outcome outcome, List<Transition> transitions) {
    }

    private final List<Entry> entries;
    private long maxSeen;
    private SiteStatus status;
    private long downSince;
    private long lastTransition;
    private long lastSample;
    private long lastSampleWallClock;
    private boolean registered;
    private boolean noDataReported;

    /** A site never heard of: UP, nothing seen. */
    public SiteState() {
        this(new ArrayList<>(), NONE, SiteStatus.UP, NONE, NONE, NONE, NONE, false, false);
    }

    /** Used by {@link SiteStateCodec}; {@code entries} must be sorted by time. */
    public SiteState(List<Entry> entries, long maxSeen, SiteStatus status, long downSince, long lastTransition,
                     long lastSample, long lastSampleWallClock, boolean registered, boolean noDataReported) {
        this.entries = new ArrayList<>(entries);
        this.maxSeen = maxSeen;
        this.status = status;
        this.downSince = downSince;
        this.lastTransition = lastTransition;
        this.lastSample = lastSample;
        this.lastSampleWallClock = lastSampleWallClock;
        this.registered = registered;
        this.noDataReported = noDataReported;
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
        if (maxSeen != NONE && time < maxSeen - graceMs) {
            return new Result(Outcome.LATE, List.of());
        }
        for (Entry e : entries) {
            if (e.id().equals(id)) {
                return new Result(Outcome.DUPLICATE, List.of());
            }
        }
        insert(new Entry(id, time, up));
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

    private void insert(Entry entry) {
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).time() > entry.time()) {
            i--;
        }
        entries.add(i, entry);
    }

    private List<Transition> evaluateFrom(long from, AvailabilityRule rule) {
        List<Transition> out = List.of();
        long previousPoint = NONE;
        for (int i = 0; i < entries.size(); i++) {
            long p = entries.get(i).time();
            if (p < from || p == previousPoint || (lastTransition != NONE && p <= lastTransition)) {
                continue;
            }
            previousPoint = p;
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
        for (Entry e : entries) {
            long t = e.time();
            if (t > end) {
                break;
            }
            if (t > start && e.up() != null) {
                samples++;
                if (e.up()) {
                    up++;
                }
            }
        }
        return new WindowStats(up, samples);
    }

    private void prune(long keepAfter) {
        int drop = 0;
        while (drop < entries.size() && entries.get(drop).time() <= keepAfter) {
            drop++;
        }
        if (drop > 0) {
            entries.subList(0, drop).clear();
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

    public List<Entry> entries() {
        return List.copyOf(entries);
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
}
