package io.sitewatch.canary.sim;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** A certificate for {@code 127.0.0.1} and {@code localhost}, signed by itself, made at start. */
final class SelfSignedTls {

    private final HeldCertificate held;
    private final HandshakeCertificates server;

    SelfSignedTls() {
        this.held = new HeldCertificate.Builder()
                .commonName("sitewatch-canary")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .duration(Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.server = new HandshakeCertificates.Builder().heldCertificate(held).build();
    }

    SSLContext serverContext() {
        return server.sslContext();
    }

    X509Certificate certificate() {
        return held.certificate();
    }

    /** @return a client context that trusts this certificate and nothing else */
    SSLContext trustingClientContext() {
        return new HandshakeCertificates.Builder().addTrustedCertificate(held.certificate()).build().sslContext();
    }

    /** @return the certificate in PEM form */
    String certificatePem() {
        return held.certificatePem();
    }
}
