package io.sitewatch.net;

/** A port a service must listen on is taken; the message names the flag that chooses another. Exit status 2. */
public final class PortInUseException extends IllegalArgumentException {
    public PortInUseException(String message) {
        super(message);
    }
}
