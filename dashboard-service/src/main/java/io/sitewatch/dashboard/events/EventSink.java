package io.sitewatch.dashboard.events;

/** Where one client's events go: an SSE connection in production, a list in tests. Called by one thread at a time. */
public interface EventSink {
    /** Sends a named event whose data is JSON text. Throws or returns with {@link #closed()} true when the peer is gone. */
    void send(String event, String data) throws Exception;

    /** Sends an SSE comment (a keep-alive that also detects peers that went away). */
    void comment(String text) throws Exception;

    /** True when the connection is closed and nothing more can be sent. */
    boolean closed();

    /** Closes the connection. */
    void close();
}
