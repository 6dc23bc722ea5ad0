package io.sitewatch.prober.http;

/**
 * A check was not run because the prober cannot build its request (a {@code ${ENV}} header reference whose
 * variable is not set here, or a header value HTTP does not allow). It is the prober's configuration problem,
 * not the site's: the check is skipped, counted and logged, and never recorded against the site. The message
 * names the header and the variable, never a value.
 */
public final class CheckNotRunException extends RuntimeException {
    private final String reason;

    public CheckNotRunException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A short, low-cardinality reason for metrics: {@code missing_env} or {@code invalid_header}. */
    public String reason() {
        return reason;
    }
}
