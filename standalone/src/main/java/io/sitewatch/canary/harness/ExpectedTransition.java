package io.sitewatch.canary.harness;

import io.sitewatch.model.AlertType;

/**
 * A DOWN or RECOVERED transition of one site at an event time (epoch ms): what the alerts topic should hold.
 *
 * @param site the site id
 * @param type DOWN or RECOVERED
 * @param time event time of the measurement that caused it, epoch ms
 */
public record ExpectedTransition(String site, AlertType type, long time) {
    @Override
    public String toString() {
        return site + "/" + type + "@" + java.time.Instant.ofEpochMilli(time);
    }
}
