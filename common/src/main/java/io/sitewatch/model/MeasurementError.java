package io.sitewatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The failure of one check: its class and a short human message (never containing secrets).
 *
 * @param errorClass the classification, serialised as {@code class}
 * @param message    what happened, for people
 */
public record MeasurementError(@JsonProperty("class") ErrorClass errorClass, String message) {
    public MeasurementError {
        Objects.requireNonNull(errorClass, "error.class must not be null");
        message = message == null ? "" : message;
    }
}
