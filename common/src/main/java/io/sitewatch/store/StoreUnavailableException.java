package io.sitewatch.store;

/**
 * The store cannot take or serve data now (unreachable, timing out, refusing). The caller keeps its data,
 * commits nothing and retries later; the message says what failed and never contains credentials.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
