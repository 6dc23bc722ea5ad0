package io.sitewatch.prober.http;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.MeasurementError;
import io.sitewatch.model.Urls;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns the exception that ended a check, plus how far the check got, into one of the site's error classes.
 *
 * <p>Messages are built from the host and port, never from the request: they carry no header values, no
 * credentials and no query strings. The only exception text quoted is the TLS reason, with any URL in it
 * redacted.
 */
final class ErrorClassifier {
    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>,]+");
    private static final int MAX_REASON = 160;

    private ErrorClassifier() {
    }

    /**
     * @param e        what ended the check
     * @param phase    how far the current hop got
     * @param deadlineNanos when the check's time was up ({@link System#nanoTime()})
     * @param where    {@code host:port} of the current hop
     * @param timeoutMs the check's timeout, for the message
     */
    static MeasurementError classify(IOException e, PhaseTimer phase, long deadlineNanos, String where,
                                     long timeoutMs) {
        boolean timedOut = System.nanoTime() - deadlineNanos >= 0;
        if (has(e, DeadlineDns.LookupTimeoutException.class)) {
            return new MeasurementError(ErrorClass.DNS, "DNS lookup of " + host(where) + " timed out after "
                    + timeoutMs + " ms");
        }
        if (has(e, UnknownHostException.class)) {
            return new MeasurementError(ErrorClass.DNS, "cannot resolve host " + host(where));
        }
        if (timedOut || e instanceof InterruptedIOException || has(e, SocketTimeoutException.class)) {
            if (phase.dnsOutlasted(deadlineNanos)) {
                // A lookup the deadline ended (DeadlineDns), or one on a worker that returned after it.
                return new MeasurementError(ErrorClass.DNS, "DNS lookup of " + host(where) + " timed out after "
                        + timeoutMs + " ms");
            }
            if (!phase.connected()) {
                String during = phase.tlsStarted() ? " (during the TLS handshake)" : "";
                return new MeasurementError(ErrorClass.CONNECT_TIMEOUT, "connect to " + where + " timed out after "
                        + timeoutMs + " ms" + during);
            }
            String stage = phase.finalHeadersReceived() ? "the body" : "response headers";
            return new MeasurementError(ErrorClass.TIMEOUT, "timed out after " + timeoutMs + " ms waiting for "
                    + stage + " from " + where);
        }
        SSLException ssl = find(e, SSLException.class);
        if (ssl != null && (ssl instanceof SSLHandshakeException || ssl instanceof SSLPeerUnverifiedException
                || (phase.tlsStarted() && !phase.tlsDone()))) {
            return new MeasurementError(ErrorClass.TLS, "TLS handshake with " + where + " failed: " + reason(ssl));
        }
        if (!phase.connected()) {
            if (refused(e)) {
                return new MeasurementError(ErrorClass.CONNECT, "connection refused by " + where);
            }
            if (has(e, NoRouteToHostException.class)) {
                return new MeasurementError(ErrorClass.CONNECT, "no route to " + where);
            }
            return new MeasurementError(ErrorClass.CONNECT, "cannot connect to " + where + " ("
                    + rootName(e) + ")");
        }
        if (!phase.headersReceived()) {
            if (has(e, ProtocolException.class)) {
                return new MeasurementError(ErrorClass.PROTOCOL, "malformed response from " + where);
            }
            EOFException eof = find(e, EOFException.class);
            if (eof != null && !nothingReceived(eof)) {
                return new MeasurementError(ErrorClass.PROTOCOL, "malformed or oversized response headers from "
                        + where);
            }
            return new MeasurementError(ErrorClass.CONNECT, "connection to " + where
                    + " closed or reset before any response (" + rootName(e) + ")");
        }
        return new MeasurementError(ErrorClass.PROTOCOL, "connection to " + where
                + " broke while reading the response (" + rootName(e) + ")");
    }

    private static boolean refused(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof ConnectException && t.getMessage() != null
                    && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused")) {
                return true;
            }
        }
        return false;
    }

    /** Okio reports {@code \n not found: limit=0 ...} when the peer closed before sending a byte. */
    private static boolean nothingReceived(EOFException eof) {
        String m = eof.getMessage();
        return m == null || m.contains("limit=0 ");
    }

    /** An exception's message with URLs redacted, cut to a readable length. */
    static String reason(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        Matcher matcher = URL.matcher(m);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(Urls.redact(matcher.group()))));
        }
        matcher.appendTail(out);
        return out.length() > MAX_REASON ? out.substring(0, MAX_REASON) + "…" : out.toString();
    }

    private static String rootName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private static String host(String where) {
        int colon = where.lastIndexOf(':');
        return colon > 0 ? where.substring(0, colon) : where;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        return find(e, type) != null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
