package io.sitewatch.canary.sim;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Serves one connection: reads one request, answers it as the site's behaviour says, closes. Every
 * answer carries {@code Connection: close}; clients that hoped for keep-alive simply reconnect.
 */
final class ConnectionHandler {

    /** How long a connection may stay silent before the server gives up on it (except {@link SiteBehavior.Fault#HANG}). */
    static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int ENDLESS_CHUNK_BYTES = 16 * 1024;
    private static final long MAX_DISCARDED_BODY_BYTES = 1024 * 1024;

    private final Function<String, Site> sites;
    private final Clock clock;
    private final BooleanSupplier running;

    ConnectionHandler(Function<String, Site> sites, Clock clock, BooleanSupplier running) {
        this.sites = sites;
        this.clock = clock;
        this.running = running;
    }

    /** Serves the connection and closes it, whatever happens. */
    void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 2048);
            OutputStream out = socket.getOutputStream();
            RequestHead request;
            try {
                request = RequestHead.read(in);
            } catch (RequestHead.MalformedRequestException e) {
                out.write(Responses.BAD_REQUEST);
                return;
            }
            if (request == null) {
                return;
            }
            discardBody(in, request);
            answer(socket, in, out, request);
        } catch (IOException e) {
            // The client went away or timed out: normal for a fault simulator, nothing to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(Socket socket, InputStream in, OutputStream out, RequestHead request)
            throws IOException, InterruptedException {
        String name = request.siteName();
        Site site = name == null ? null : sites.apply(name);
        if (site == null) {
            write(out, Responses.NOT_FOUND, request);
            return;
        }
        Site.Compiled compiled = site.accept();
        SiteBehavior behavior = compiled.behavior;
        if (site.isDown(clock.instant())) {
            if (behavior.downMode() == SiteBehavior.DownMode.RESET) {
                reset(socket);
            } else {
                write(out, Responses.SERVICE_UNAVAILABLE, request);
            }
            return;
        }
        if (behavior.fault() == SiteBehavior.Fault.HANG) {
            hang(in);
            return;
        }
        if (!behavior.latency().isZero()) {
            Thread.sleep(behavior.latency().toMillis());
        }
        switch (behavior.fault()) {
            case NONE -> write(out, compiled.nextAnswer(), request);
            case REDIRECT_SELF -> write(out, compiled.redirectToSelf, request);
            case REDIRECT_PING_PONG -> write(out,
                    request.path().endsWith("/loop") ? compiled.redirectToBase : compiled.redirectToLoop, request);
            case CONNECTION_RESET -> reset(socket);
            case SLOW_HEADERS -> slowHeaders(out, compiled, behavior);
            case HUGE_HEADERS -> hugeHeaders(out, compiled, behavior);
            case ENDLESS_BODY -> endlessBody(out, compiled);
            case HANG -> throw new IllegalStateException("handled above");
        }
    }

    private static void write(OutputStream out, byte[] response, RequestHead request) throws IOException {
        out.write(response, 0, request.isHead() ? Responses.headLength(response) : response.length);
        out.flush();
    }

    /** Closing with unread request bytes would reset the connection, so a declared body is read first. */
    private static void discardBody(InputStream in, RequestHead request) throws IOException {
        long remaining = Math.min(request.contentLength(), MAX_DISCARDED_BODY_BYTES);
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                return;
            }
            remaining -= skipped;
        }
    }

    /** {@code SO_LINGER 0} turns the close into a TCP RST. */
    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Never answers; returns when the client closes, or when the server stops. */
    private void hang(InputStream in) throws IOException {
        byte[] sink = new byte[256];
        while (running.getAsBoolean()) {
            try {
                if (in.read(sink) == -1) {
                    return;
                }
            } catch (SocketTimeoutException stillWaiting) {
                // keep hanging
            }
        }
    }

    private static void slowHeaders(OutputStream out, Site.Compiled compiled, SiteBehavior behavior)
            throws IOException, InterruptedException {
        out.write(ascii(Responses.statusLine(200)));
        out.flush();
        for (int line = 0; line < behavior.faultSize(); line++) {
            Thread.sleep(behavior.faultDelay().toMillis());
            out.write(ascii("X-Dribble-" + line + ": " + line + "\r\n"));
            out.flush();
        }
        out.write(ascii("Content-Length: " + compiled.body.length + "\r\nConnection: close\r\n\r\n"));
        out.write(compiled.body);
        out.flush();
    }

    private static void hugeHeaders(OutputStream out, Site.Compiled compiled, SiteBehavior behavior)
            throws IOException {
        out.write(ascii(Responses.statusLine(200)));
        byte[] line = new byte[1024];
        Arrays.fill(line, (byte) 'h');
        int written = 0;
        for (int i = 0; written < behavior.faultSize(); i++) {
            byte[] name = ascii("X-Huge-" + i + ": ");
            int valueLength = Math.max(1, Math.min(line.length, behavior.faultSize() - written - name.length - 2));
            out.write(name);
            out.write(line, 0, valueLength);
            out.write('\r');
            out.write('\n');
            written += name.length + valueLength + 2;
        }
        out.write(ascii("Content-Length: " + compiled.body.length + "\r\nConnection: close\r\n\r\n"));
        out.write(compiled.body);
        out.flush();
    }

    /** Streams the body text over and over, with no length, until writing fails or the server stops. */
    private void endlessBody(OutputStream out, Site.Compiled compiled) throws IOException {
        out.write(ascii(Responses.statusLine(200) + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Connection: close\r\n\r\n"));
        byte[] chunk = Responses.body(compiled.body.length == 0 ? " " : new String(compiled.body,
                StandardCharsets.UTF_8), ENDLESS_CHUNK_BYTES);
        while (running.getAsBoolean()) {
            out.write(chunk);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
