package io.sitewatch.stats.store.memory;

import io.sitewatch.stats.store.MeasurementStoreContract;
import io.sitewatch.store.MeasurementStore;

/** The contract, against the in-memory store. Store-specific behaviour is in {@link InMemoryMeasurementStoreLimitsTest}. */
class InMemoryMeasurementStoreTest extends MeasurementStoreContract {
    @Override
    protected MeasurementStore newStore() {
        return new InMemoryMeasurementStore();
    }
}
