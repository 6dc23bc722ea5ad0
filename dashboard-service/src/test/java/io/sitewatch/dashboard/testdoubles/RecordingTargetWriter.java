package io.sitewatch.dashboard.testdoubles;

import io.sitewatch.dashboard.targets.TargetWriter;
import io.sitewatch.model.Target;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TargetWriter that records writes instead of producing to Kafka; can simulate an unavailable broker. */
public final class RecordingTargetWriter implements TargetWriter {
    public final List<Target> puts = new CopyOnWriteArrayList<>();
    public final List<String> removals = new CopyOnWriteArrayList<>();
    public volatile boolean unavailable;

    @Override
    public void put(Target target) {
        if (unavailable) {
            throw new IllegalStateException("timed out writing to sitewatch.targets");
        }
        puts.add(target);
    }

    @Override
    public void remove(String id) {
        if (unavailable) {
            throw new IllegalStateException("timed out writing to sitewatch.targets");
        }
        removals.add(id);
    }
}
