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
import okhttp3.Response;

/**
 * Times the phases of one check from OkHttp's events. One instance follows every hop of a check (redirects
 * included): DNS, connect and TLS durations are summed over the hops, time to first byte is taken from the last
 * hop, and the flags tell the error classifier how far the last hop got.
 *
 * <p>The connect phase is wall time: from the first connection attempt of a hop to the connection that wins. For a
 * host name OkHttp races a host's addresses (a new attempt every 250 ms while the earlier ones hang, as browsers
 * do); the attempts overlap, so their durations are not summed, and attempts cancelled after the winner add nothing.
 * A lookup that fails counts its time until the failure.
 *
 * <p>Events arrive on the calling thread, except cancellation by the call timeout and the connect attempts of a
 * race, which run on OkHttp's threads: fields are volatile and the connect events synchronized.
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
    private volatile boolean finalHeadersReceived;
    /** Connect attempts of the current hop still running; guarded by {@code this}. */
    private int connectsInFlight;
    /** The call of the current hop; guarded by {@code this}. */
    private Call hop;

    PhaseTimer(long startNanos) {
        this.startNanos = startNanos;
    }

    /**
     * Forgets how far the previous hop got; sums are kept. Called before each hop (each is its own call); connect
     * events of an earlier hop's call (a cancelled attempt reporting late) are ignored from then on.
     */
    synchronized void nextHop(Call hop) {
        this.hop = hop;
        dnsPending = false;
        connectPending = false;
        tlsPending = false;
        connected = false;
        tlsStarted = false;
        tlsDone = false;
        headersReceived = false;
        finalHeadersReceived = false;
        headersNanos = -1;
        connectsInFlight = 0;
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
    public void callFailed(Call call, IOException ioe) {
        if (dnsPending) {
            // OkHttp sends no dnsEnd for a lookup that failed: the lookup ended now
            dnsEndAt = System.nanoTime();
            dnsNanos += dnsEndAt - dnsStart;
            dnsPending = false;
        }
    }

    @Override
    public synchronized void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
        if (call != hop) {
            return;
        }
        if (connectsInFlight++ == 0) {
            connectStart = System.nanoTime();
        }
        connectPending = true;
        connectSeen = true;
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
    public synchronized void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
        if (call != hop) {
            return;
        }
        connectsInFlight--;
        if (!connected) {
            connectNanos += System.nanoTime() - connectStart;
            connectPending = false;
            connected = true;
        }
    }

    @Override
    public synchronized void connectFailed(Call call, InetSocketAddress inetSocketAddress, Proxy proxy,
                                           Protocol protocol, IOException ioe) {
        if (call != hop) {
            return;
        }
        // the last attempt of a hop that has no connection yet ends the phase; losers of a won race add nothing
        if (--connectsInFlight == 0 && !connected) {
            connectNanos += System.nanoTime() - connectStart;
            connectPending = false;
        }
    }

    @Override
    public void responseHeadersStart(Call call) {
        if (!headersReceived) {
            headersNanos = System.nanoTime(); // the first response, an interim 1xx one included
        }
        headersReceived = true;
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        finalHeadersReceived = true; // OkHttp reads interim (1xx) responses past without this event
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

    /** True once the headers of the final (not 1xx) response of the current hop were read. */
    boolean finalHeadersReceived() {
        return finalHeadersReceived;
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
