package io.sitewatch.prober.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;

/**
 * Times the phases of one check from OkHttp's events. One instance follows every hop of a check (redirects
 * included): DNS, connect and TLS durations are summed over the hops, time to first byte is taken from the last
 * hop, and the flags tell the error classifier how far the last hop got.
 *
 * <p>Events arrive on the calling thread, except cancellation by the call timeout: fields are volatile.
 */
final class PhaseTimer extends EventListener {
    private final long startNanos;
    private volatile long dnsStart;
    private volatile long connectStart;
    private volatile long tlsStart;
    private volatile long dnsNanos;
    private volatile long dnsEndAt = -1;
    private volatile long connectNanos;
    private volatile long tlsNanos;
    private volatile long headersNanos = -1;
    private volatile boolean dnsPending;
    private volatile boolean connectPending;
    private volatile boolean tlsPending;
    private volatile boolean connected;
    private volatile boolean tlsStarted;
    private volatile boolean tlsDone;
    private volatile boolean headersReceived;
    private volatile boolean dnsSeen;
    private volatile boolean connectSeen;

    PhaseTimer(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Forgets how far the previous hop got; sums are kept. Called before each redirect hop. */
    void nextHop() {
        dnsPending = false;
        connectPending = false;
        tlsPending = false;
        connected = false;
        tlsStarted = false;
        tlsDone = false;
        headersReceived = false;
        headersNanos = -1;
    }

    @Override
    public void dnsStart(Call call, String domainName) {
        dnsPending = true;
        dnsSeen = true;
        dnsStart = System.nanoTime();
    }

    @Override
    public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
        dnsEndAt = System.nanoTime();
        dnsNanos += dnsEndAt - dnsStart;
        dnsPending = false;
    }

    @Override
    public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
        connectPending = true;
        connectSeen = true;
        connectStart = System.nanoTime();
    }

    @Override
    public void secureConnectStart(Call call) {
        tlsPending = true;
        tlsStarted = true;
        tlsStart = System.nanoTime();
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        tlsNanos += System.nanoTime() - tlsStart;
        tlsPending = false;
        tlsDone = true;
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
        connectNanos += System.nanoTime() - connectStart;
        connectPending = false;
        connected = true;
    }

    @Override
    public void connectFailed(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol,
                              IOException ioe) {
        connectNanos += System.nanoTime() - connectStart;
        connectPending = false;
    }

    @Override
    public void responseHeadersStart(Call call) {
        headersNanos = System.nanoTime();
        headersReceived = true;
    }

    long startNanos() {
        return startNanos;
    }

    boolean dnsPending() {
        return dnsPending;
    }

    /** True when the lookup of the current hop was still running at {@code deadlineNanos}. */
    boolean dnsOutlasted(long deadlineNanos) {
        return dnsPending || (dnsEndAt != -1 && dnsEndAt - deadlineNanos >= 0);
    }

    /** True once a TCP (and, for HTTPS, TLS) connection was established on the current hop. */
    boolean connected() {
        return connected;
    }

    boolean tlsStarted() {
        return tlsStarted;
    }

    boolean tlsDone() {
        return tlsDone;
    }

    boolean headersReceived() {
        return headersReceived;
    }

    /** Milliseconds from the start of the check to the response headers of the last hop, or null. */
    Double ttfbMs() {
        long h = headersNanos;
        return h < 0 ? null : millis(h - startNanos);
    }

    Double dnsMs() {
        return dnsSeen ? millis(dnsNanos) : null;
    }

    Double connectMs() {
        return connectSeen ? millis(connectNanos) : null;
    }

    Double tlsMs() {
        return tlsDone || tlsNanos > 0 ? millis(tlsNanos) : null;
    }

    static double millis(long nanos) {
        return Math.max(0, nanos) / 1_000_000.0;
    }
}
