package io.sitewatch.model;

/**
 * Why a check failed. All but {@link #PROBER_OVERLOADED} are the site's problems; that one is ours and
 * never counts for or against a site's availability.
 */
public enum ErrorClass {
    /** The host name could not be resolved. */
    DNS,
    /** The TCP connection was refused, reset or unreachable. */
    CONNECT,
    /** The TCP connection did not complete within the timeout. */
    CONNECT_TIMEOUT,
    /** The TLS handshake failed (untrusted or expired certificate, wrong host, protocol). */
    TLS,
    /** No complete response within the check's timeout. */
    TIMEOUT,
    /** The status code is not one the target expects. */
    STATUS,
    /** The body does not contain the expected text. */
    BODY,
    /** The body is larger than the prober reads. */
    TOO_LARGE,
    /** Too many redirects, or a redirect loop. */
    REDIRECTS,
    /** The server broke HTTP (malformed response, reset mid-response, oversized headers). */
    PROTOCOL,
    /** The prober could not start the check on time; the site is not to blame. */
    PROBER_OVERLOADED;

    /** True for the classes that are the site's fault. */
    public boolean countsAgainstSite() {
        return this != PROBER_OVERLOADED;
    }
}
