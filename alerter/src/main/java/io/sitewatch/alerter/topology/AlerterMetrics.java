package io.sitewatch.alerter.topology;

import io.sitewatch.model.AlertType;

/** What the topology counts; the service binds it to Micrometer, tests count it themselves. */
public interface AlerterMetrics {
    /** An alert was sent. */
    void alert(AlertType type);

    /** A measurement older than the site's newest minus the grace was dropped. */
    void lateDropped();

    /** A measurement already counted (same id) was ignored. */
    void duplicate();

    /** A record that is not a valid measurement was sent to the dead-letter topic. */
    void deadLettered();

    /** A site removed from the registry had its state deleted. */
    void siteRemoved();

    /** Counts nothing. */
    AlerterMetrics NONE = new AlerterMetrics() {
        @Override
        public void alert(AlertType type) {
        }

        @Override
        public void lateDropped() {
        }

        @Override
        public void duplicate() {
        }

        @Override
        public void deadLettered() {
        }

        @Override
        public void siteRemoved() {
        }
    };
}
