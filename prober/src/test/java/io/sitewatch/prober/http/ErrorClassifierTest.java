package io.sitewatch.prober.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.model.ErrorClass;
import java.io.EOFException;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Classification rules that are hard to provoke on loopback, and the redaction of quoted reasons. */
class ErrorClassifierTest {
    private static final long FAR = System.nanoTime() + 60_000_000_000L;

    @Test
    void quotedReasonsHaveTheirUrlsRedacted() {
        String reason = ErrorClassifier.reason(new SSLHandshakeException(
                "no trust for https://user:pw@shop.example/login?token=abc#x, see http://h/p?q=1"));
        assertThat(reason).isEqualTo("no trust for https://shop.example/login, see http://h/p");
    }

    @Test
    void longReasonsAreCut() {
        assertThat(ErrorClassifier.reason(new IOException("x".repeat(500)))).hasSize(161).endsWith("…");
    }

    @Test
    void tlsFailureAfterTheHandshakeStartedIsTls() {
        PhaseTimer t = new PhaseTimer(System.nanoTime());
        t.connectStart(null, null, null);
        t.secureConnectStart(null);
        var e = ErrorClassifier.classify(new javax.net.ssl.SSLException("bad record"), t, FAR, "h:443", 5000);
        assertThat(e.errorClass()).isEqualTo(ErrorClass.TLS);
        assertThat(e.message()).isEqualTo("TLS handshake with h:443 failed: bad record");
    }

    @Test
    void closedBeforeAnyByteIsConnectButPartialHeadersAreProtocol() {
        PhaseTimer t = new PhaseTimer(System.nanoTime());
        t.connectStart(null, null, null);
        t.connectEnd(null, null, null, null);
        IOException nothing = new IOException("unexpected end of stream on http://h/...",
                new EOFException("\\n not found: limit=0 content=…"));
        IOException partial = new IOException("unexpected end of stream on http://h/...",
                new EOFException("\\n not found: limit=262144 content=48545450…"));
        assertThat(ErrorClassifier.classify(nothing, t, FAR, "h:80", 5000).errorClass()).isEqualTo(ErrorClass.CONNECT);
        assertThat(ErrorClassifier.classify(partial, t, FAR, "h:80", 5000).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
    }
}
