package io.sitewatch.canary.harness;

import io.sitewatch.model.AlertType;

/**
 * An alert as read back from {@code sitewatch.alerts} with {@code read_committed}.
 *
 * @param site      the site id
 * @param id        the alert id
 * @param type      DOWN, RECOVERED or NO_DATA
 * @param time      event time of the measurement that caused it, epoch ms
 * @param arrivedAt when the canary's consumer received it, epoch ms
 */
public record ObservedAlert(String site, String id, AlertType type, long time, long arrivedAt) {
}
