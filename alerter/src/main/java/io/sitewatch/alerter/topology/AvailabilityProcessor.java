package io.sitewatch.alerter.topology;

import io.sitewatch.alerter.AlerterSettings;
import io.sitewatch.alerter.rule.AvailabilityRule;
import io.sitewatch.alerter.rule.SiteState;
import io.sitewatch.alerter.rule.SiteStatus;
import io.sitewatch.alerter.rule.Transition;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import io.sitewatch.model.Measurement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the availability rule per site. The site's {@link SiteState} lives in a changelogged store keyed by
 * site id; the site's interval and overrides come from the global targets store.
 *
 * <p>Registry removal: when a site that was in the registry is found missing (on its next measurement or at
 * the next NO_DATA check), its state is replaced, without any alert, by {@link SiteState#removed}: the checks
 * scheduled before then (plus the grace) are still in flight and are ignored, so a site removed mid-outage
 * does not alert again on its last checks. Measurements checked later start afresh with the service defaults,
 * like any site not in the registry; a site added back starts afresh with its own settings. NO_DATA is only
 * ever reported for sites in the registry, so a removed site never reports it.
 *
 * <p>NO_DATA: a wall-clock punctuation (every {@code noDataCheck}) looks at every site of the task: it drops
 * removed sites, and a registered site with no sample for
 * {@code noDataIntervals} of its intervals (counted from the alerter's start at the earliest) gets one
 * NO_DATA alert per silence. It does not change the UP/DOWN status. The same check forgets sites outside the
 * registry that have been UP and silent for 10 minutes (more when the window is longer).
 */
final class AvailabilityProcessor implements Processor<String, Measurement, String, Alert> {
    private static final Logger log = LoggerFactory.getLogger(AvailabilityProcessor.class);
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final AlerterSettings settings;
    private final AlerterMetrics metrics;
    private final String targetsTopic;
    private final long graceMs;
    private final LongSupplier outOfContactAt;
    private final IntSupplier measurementPartitions;
    /** Records whose partition matched the one their key hashes to, and whether one did not. */
    private long keysPlaced;
    private boolean keysMisplaced;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, SiteState> states;
    private TargetLookup targets;
    private long startedAt;

    AvailabilityProcessor(AlerterSettings settings, AlerterMetrics metrics, String targetsTopic,
                          LongSupplier outOfContactAt, IntSupplier measurementPartitions) {
        this.outOfContactAt = outOfContactAt;
        this.measurementPartitions = measurementPartitions;
        this.settings = settings;
        this.metrics = metrics;
        this.targetsTopic = targetsTopic;
        this.graceMs = settings.grace().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.states = context.getStateStore(AlertTopology.SITE_STATE_STORE);
        this.targets = new TargetLookup(context.getStateStore(AlertTopology.TARGETS_STORE), targetsTopic);
        this.startedAt = context.currentSystemTimeMs();
        context.schedule(settings.noDataCheck(), PunctuationType.WALL_CLOCK_TIME, this::checkSilentSites);
    }

    @Override
    public void process(Record<String, Measurement> record) {
        String site = record.key();
        Measurement m = record.value();
        checkPlacement(site);
        SiteSettings target = targets.find(site);
        SiteState state = states.get(site);
        if (state == null) {
            state = new SiteState();
        } else if (target == null && state.registered()) {
            state = removed(site);
        } else if (target != null && state.removedAt() != SiteState.NONE) {
            state = new SiteState(); // added back: nothing of before counts
        }
        state.registered(target != null);
        AvailabilityRule rule = ruleFor(target);
        SiteState.Result result = state.accept(m.id(), m.time().toEpochMilli(), m.up(), rule, graceMs,
                context.currentSystemTimeMs());
        switch (result.outcome()) {
            case LATE -> {
                metrics.lateDropped();
                log.debug("late measurement dropped site={} id={} time={}", site, m.id(), m.time());
                return;
            }
            case DUPLICATE -> {
                metrics.duplicate();
                return;
            }
            case REMOVED -> {
                states.put(site, state);
                log.debug("measurement of a removed site ignored site={} id={} time={}", site, m.id(), m.time());
                return;
            }
            case ACCEPTED -> {
            }
        }
        states.put(site, state);
        for (Transition t : result.transitions()) {
            Alert alert = toAlert(site, m.url(), rule, t);
            context.forward(new Record<>(site, alert, t.time()));
            metrics.alert(alert.type());
            log.info("alert site={} type={} availability={} samples={} time={}", site, alert.type(),
                    alert.availability(), alert.samples(), alert.time());
        }
    }

    private AvailabilityRule ruleFor(SiteSettings target) {
        Duration interval = target == null || target.interval() == null ? settings.defaultInterval() : target.interval();
        return AvailabilityRule.resolve(target == null ? null : target.alerting(), settings.alerting(), interval);
    }

    static Alert toAlert(String site, String url, AvailabilityRule rule, Transition t) {
        Instant time = Instant.ofEpochMilli(t.time());
        double availability = t.stats().availability();
        if (t.type() == AlertType.DOWN) {
            return Alert.down(site, url, availability, rule.threshold(), rule.window(), t.stats().samples(), time);
        }
        Instant downSince = t.downSince() == SiteState.NONE ? null : Instant.ofEpochMilli(t.downSince());
        return Alert.recovered(site, url, availability, rule.threshold(), rule.window(), t.stats().samples(), time,
                downSince);
    }

    /**
     * Reports {@code NO_DATA} for registered sites silent for their intervals × {@code noDataIntervals}, counted from
     * the later of their last measurement, this task's start and the last moment the alerter was out of contact with
     * the broker: while Kafka is unreachable the probers' measurements wait in their buffers and arrive once it is
     * back, so a silence the alerter could not have heard through is not reported (after every broker outage longer
     * than three intervals, every site got a NO_DATA seconds after the broker was back, its checks right behind).
     */
    private void checkSilentSites(long now) {
        long notBefore = Math.max(startedAt, outOfContactAt.getAsLong());
        List<KeyValue<String, SiteState>> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Set<String> held = new HashSet<>();
        try (KeyValueIterator<String, SiteState> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, SiteState> kv = it.next();
                String site = kv.key;
                held.add(site);
                SiteState state = kv.value;
                SiteSettings target = targets.find(site);
                if (target == null) {
                    if (state.registered()) {
                        removed.add(site);
                    } else if (forgettable(state, now)) {
                        forgotten.add(site);
                    }
                    continue;
                }
                if (state.removedAt() != SiteState.NONE) {
                    forgotten.add(site); // added back: a site never heard of until its first measurement
                    continue;
                }
                boolean dirty = !state.registered();
                state.registered(true);
                Duration interval = target.interval() == null ? settings.defaultInterval() : target.interval();
                if (settings.noDataIntervals() > 0
                        && state.noDataDue(now, notBefore, interval.toMillis() * settings.noDataIntervals())) {
                    AvailabilityRule rule = ruleFor(target);
                    Instant lastSeen = state.lastSample() == SiteState.NONE ? null : Instant.ofEpochMilli(state.lastSample());
                    alerts.add(Alert.noData(site, target.url(), rule.threshold(), rule.window(), Instant.ofEpochMilli(now),
                            lastSeen));
                    dirty = true;
                }
                if (dirty) {
                    changed.add(KeyValue.pair(site, state));
                }
            }
        }
        if (settings.noDataIntervals() > 0) {
            watchUnheardSites(now, held);
        }
        removed.forEach(site -> states.put(site, removed(site)));
        forgotten.forEach(states::delete);
        changed.forEach(kv -> states.put(kv.key, kv.value));
        for (Alert alert : alerts) {
            context.forward(new Record<>(alert.site(), alert, now));
            metrics.alert(AlertType.NO_DATA);
            log.info("alert site={} type=NO_DATA time={}", alert.site(), alert.time());
        }
    }

    /**
     * Registered sites that never sent a measurement have no state, so nothing would ever report their silence (a
     * site in a region no prober serves, one whose header variable is unset where the probers run). Each task starts
     * watching those whose key hashes to its partition, as the probers' producers place them; their silence counts
     * from now and the NO_DATA check reports it like any other. Only once this task has seen its records placed by
     * that hash and none elsewhere: a wrong count or another partitioner would have it watch, and report, sites
     * whose measurements go to other tasks.
     */
    private void watchUnheardSites(long now, Set<String> held) {
        int partitions = measurementPartitions.getAsInt();
        if (partitions <= 0 || keysMisplaced || keysPlaced == 0) {
            return;
        }
        int mine = context.taskId().partition();
        for (String site : targets.ids()) {
            if (!held.contains(site) && partitionOf(site, partitions) == mine) {
                states.put(site, SiteState.watching(now));
            }
        }
    }

    private void checkPlacement(String site) {
        int partitions = measurementPartitions.getAsInt();
        if (partitions <= 0 || keysMisplaced || site == null || context.recordMetadata().isEmpty()) {
            return;
        }
        int actual = context.recordMetadata().get().partition();
        if (partitionOf(site, partitions) == actual) {
            keysPlaced++;
        } else {
            keysMisplaced = true;
            log.warn("measurement keys are not placed by the default partitioner over {} partitions (site={} is on {}); "
                    + "sites that never sent a measurement get no NO_DATA from this task", partitions, site, actual);
        }
    }

    /** The partition Kafka's default partitioner gives a record keyed {@code site} (UTF-8), as the probers send it. */
    static int partitionOf(String site, int partitions) {
        return Utils.toPositive(Utils.murmur2(site.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * A site outside the registry that is UP and has sent no sample for {@link #FORGET_AFTER} (and for longer
     * than its window and the grace) holds nothing a fresh state would not: it is deleted, so that the store
     * does not grow with every site id ever seen. A DOWN site is kept, to report its RECOVERED. A removed site's
     * state ({@link SiteState#removed}) is kept as long after its removal, to ignore the checks still in flight.
     */
    private boolean forgettable(SiteState state, long now) {
        long idleMs = Math.max(FORGET_AFTER.toMillis(),
                ruleFor(null).windowMillis() + settings.grace().toMillis());
        long since = Math.max(Math.max(state.lastSampleWallClock(), state.removedAt()), startedAt);
        return state.status() == SiteStatus.UP && now - since >= idleMs;
    }

    /** The state that replaces a site's when it leaves the registry (the caller stores it). */
    private SiteState removed(String site) {
        metrics.siteRemoved();
        log.info("site removed from registry, state dropped, its checks in flight ignored site={}", site);
        return SiteState.removed(context.currentSystemTimeMs());
    }
}
