package io.sitewatch.dashboard.sites;

import io.sitewatch.model.Target;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The targets now on the (compacted) targets topic, by id, as the dashboard's follower has read them. */
public final class SiteDirectory {
    private final ConcurrentSkipListMap<String, Target> targets = new ConcurrentSkipListMap<>();
    private final AtomicLong version = new AtomicLong();

    /** A record of the targets topic: a target, or a tombstone ({@code target} null) that removes {@code id}. */
    public void apply(String id, Target target) {
        if (target == null) {
            targets.remove(id);
        } else {
            targets.put(id, target);
        }
        version.incrementAndGet();
    }

    /** Grows with every record applied: when it has not moved, the directory has not changed. */
    public long version() {
        return version.get();
    }

    public boolean contains(String id) {
        return targets.containsKey(id);
    }

    public Optional<Target> get(String id) {
        return Optional.ofNullable(targets.get(id));
    }

    public List<Target> all() {
        return List.copyOf(targets.values());
    }
}
