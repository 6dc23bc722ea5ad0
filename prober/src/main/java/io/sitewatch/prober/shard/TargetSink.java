package io.sitewatch.prober.shard;

import io.sitewatch.model.Target;

/** Where the targets of the assigned partitions go (the scheduler). */
public interface TargetSink {
    /** Starts or updates a target; an unchanged one is left alone. */
    void upsert(Target target);

    /** Stops a target, if it runs. */
    void remove(String id);
}
