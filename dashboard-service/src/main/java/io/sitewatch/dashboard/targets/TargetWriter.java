package io.sitewatch.dashboard.targets;

import io.sitewatch.model.Target;

/** Writes the targets topic. Production: {@link RegistryTargetWriter}; functional tests: an in-memory double. */
public interface TargetWriter {
    /** Adds or replaces a target; throws {@link IllegalStateException} when the topic cannot be written. */
    void put(Target target);

    /** Removes a target (a tombstone), so probers stop checking it. */
    void remove(String id);
}
