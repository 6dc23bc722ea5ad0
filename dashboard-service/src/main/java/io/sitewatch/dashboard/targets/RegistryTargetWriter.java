package io.sitewatch.dashboard.targets;

import io.sitewatch.model.Target;
import io.sitewatch.registry.TargetRegistry;

/** Writes through the shared {@link TargetRegistry}: idempotent producer, acks=all, waits for the broker. */
public final class RegistryTargetWriter implements TargetWriter {
    private final TargetRegistry registry;

    public RegistryTargetWriter(TargetRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void put(Target target) {
        registry.put(target);
    }

    @Override
    public void remove(String id) {
        registry.remove(id);
    }
}
