package io.sitewatch.dashboard.targets;

/** The targets topic could not be written (broker down, timeout): the change was not made. Mapped to 503. */
public final class TargetsUnavailableException extends RuntimeException {
    public TargetsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
