package io.sitewatch.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A state transition of a site, as published on {@code sitewatch.alerts}.
 *
 * @param id           unique alert id (deterministic: site, type and time, so a replay is recognisable)
 * @param site         the site id
 * @param url          the site's URL, redacted
 * @param type         DOWN, RECOVERED or NO_DATA
 * @param availability availability in the window, 0..1 (null for NO_DATA)
 * @param threshold    the threshold in force
 * @param window       the window in force
 * @param samples      measurements counted in the window
 * @param time         event time of the measurement that caused the alert
 * @param downSince    on RECOVERED, when the site went down
 * @param message      the human message ({@link AlertMessages})
 */
public record Alert(
        String id,
        String site,
        String url,
        AlertType type,
        Double availability,
        double threshold,
        Duration window,
        int samples,
        Instant time,
        Instant downSince,
        String message) {

    public Alert {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("alert.id must not be empty");
        }
        if (site == null || site.isBlank()) {
            throw new IllegalArgumentException("alert.site must not be empty");
        }
        Objects.requireNonNull(type, "alert.type must not be null");
        Objects.requireNonNull(time, "alert.time must not be null");
        if (availability != null && (availability < 0 || availability > 1)) {
            throw new IllegalArgumentException("alert.availability must be in [0, 1], was " + availability);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("alert.samples must be >= 0, was " + samples);
        }
    }

    /** A DOWN alert with its standard message. */
    public static Alert down(String site, String url, double availability, double threshold, Duration window,
                             int samples, Instant time) {
        return new Alert(idFor(site, AlertType.DOWN, time), site, url, AlertType.DOWN, availability, threshold,
                window, samples, time, null, AlertMessages.down(site, availability, time));
    }

    /** A RECOVERED alert with its standard message. */
    public static Alert recovered(String site, String url, double availability, double threshold, Duration window,
                                  int samples, Instant time, Instant downSince) {
        return new Alert(idFor(site, AlertType.RECOVERED, time), site, url, AlertType.RECOVERED, availability,
                threshold, window, samples, time, downSince,
                AlertMessages.recovered(site, availability, time, downSince));
    }

    /** A NO_DATA alert: nothing heard from the site since {@code lastSeen}. */
    public static Alert noData(String site, String url, double threshold, Duration window, Instant time,
                               Instant lastSeen) {
        return new Alert(idFor(site, AlertType.NO_DATA, time), site, url, AlertType.NO_DATA, null, threshold, window,
                0, time, null, AlertMessages.noData(site, time, lastSeen));
    }

    /** {@code site/TYPE/epochMillis}: the same transition always gets the same id. */
    public static String idFor(String site, AlertType type, Instant time) {
        return site + "/" + type + "/" + time.toEpochMilli();
    }
}
