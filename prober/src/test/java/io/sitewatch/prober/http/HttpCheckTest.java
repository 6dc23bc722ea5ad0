package io.sitewatch.prober.http;

import static io.sitewatch.prober.http.LoopbackServer.delayed;
import static io.sitewatch.prober.http.LoopbackServer.redirect;
import static io.sitewatch.prober.http.LoopbackServer.respond;
import static io.sitewatch.prober.http.LoopbackServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Expect;
import io.sitewatch.model.StatusRange;
import io.sitewatch.model.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each error class from its real cause, timings, headers and secrets: against loopback servers. */
@Timeout(20)
class HttpCheckTest {
    private static final Map<String, String> ENV = Map.of("API_TOKEN", "s3cr3t-value");
    private final HttpCheck check = new HttpCheck(HttpCheck.defaultClient().build(), 1024 * 1024, ENV::get);
    private LoopbackServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static Target target(String url, Duration timeout) {
        return new Target("site", url, Duration.ofSeconds(10), timeout, null, null, null, true, 5, null, null);
    }

    private static Target target(String url) {
        return target(url, Duration.ofSeconds(3));
    }

    @Test
    void upWithStatusBytesAndPhases() {
        server.route("/ok", status(200, "hello"));
        CheckResult r = check.check(target(server.url("/ok")));
        assertThat(r.up()).isTrue();
        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bytes()).isEqualTo(5);
        assertThat(r.dnsMs()).as("an IP literal needs no DNS").isNull();
        assertThat(r.connectMs()).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(r.tlsMs()).isNull();
        assertThat(r.ttfbMs()).isNotNull().isLessThanOrEqualTo(r.responseMs());
    }

    @Test
    void everyCheckOpensAFreshConnection() {
        server.route("/ok", status(200, "hello"));
        for (int i = 0; i < 3; i++) {
            assertThat(check.check(target(server.url("/ok"))).up()).isTrue();
        }
        assertThat(server.connections()).isEqualTo(3);
        assertThat(server.lastHeaders("/ok")).containsEntry("connection", "close");
    }

    @Test
    void timingsWith200msLatency() {
        server.route("/slow", delayed(200, "done"));
        CheckResult r = check.check(target(server.url("/slow")));
        assertThat(r.up()).isTrue();
        assertThat(r.ttfbMs()).isGreaterThanOrEqualTo(200.0);
        assertThat(r.responseMs()).isGreaterThanOrEqualTo(200.0);
        assertThat(r.ttfbMs()).isLessThanOrEqualTo(r.responseMs());
        assertThat(r.responseMs() % 1).as("sub-millisecond precision").isNotZero();
    }

    @Test
    void dnsForAnUnresolvableHost() {
        CheckResult r = check.check(target("http://no-such-host.sitewatch.invalid/"));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.DNS);
        assertThat(r.up()).isFalse();
        assertThat(r.status()).isNull();
        assertThat(r.error().message()).contains("no-such-host.sitewatch.invalid");
    }

    @Test
    void dnsWhenTheLookupOutlastsTheTimeout() throws Exception {
        // Name servers that never answer: the system resolver gives up only after its own timeouts (about 10 s with
        // glibc's defaults). The check ends at its timeout anyway, and checks of that name share one resolver thread.
        server.route("/ok", status(200, "hello"));
        java.util.concurrent.CountDownLatch resolverGivesUp = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        HttpCheck slowDns = new HttpCheck(HttpCheck.defaultClient().dns(host -> {
            lookups.incrementAndGet();
            try {
                resolverGivesUp.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        }).build(), 1024, ENV::get);
        try {
            Target t = target("http://slow-dns.test:" + server.port() + "/ok", Duration.ofMillis(300));
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                CheckResult r = slowDns.check(t);
                double wall = (System.nanoTime() - t0) / 1e6;
                assertThat(wall).as("the check ends at its timeout").isBetween(290.0, 800.0);
                assertThat(r.errorClass()).isEqualTo(ErrorClass.DNS);
                assertThat(r.error().message()).isEqualTo("DNS lookup of slow-dns.test timed out after 300 ms");
                assertThat(r.dnsMs()).as("the lookup's share of the check").isBetween(100.0, wall);
            }
            assertThat(lookups.get()).as("one hanging lookup, shared").isEqualTo(1);
        } finally {
            resolverGivesUp.countDown();
        }
    }

    @Test
    void aFailedLookupReportsTheTimeItTook() {
        HttpCheck failingDns = new HttpCheck(HttpCheck.defaultClient().dns(host -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        }).build(), 1024, ENV::get);
        CheckResult r = failingDns.check(target("http://nx.test/"));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.DNS);
        assertThat(r.dnsMs()).as("the lookup took 150 ms before it failed, not 0").isGreaterThanOrEqualTo(150.0);
    }

    @Test
    void connectTimeIsTheWallTimeToTheConnectionWhenAddressesAreRaced() throws Exception {
        // The host has two addresses; the first one never answers (a full accept queue on 127.0.0.2), so after
        // 250 ms OkHttp races the second (127.0.0.1), as browsers do. The visitor waited those 250 ms to connect.
        List<Socket> fillers = new ArrayList<>();
        InetAddress blackhole = InetAddress.getByName("127.0.0.2");
        ServerSocket listener;
        try {
            listener = new ServerSocket(server.port(), 1, blackhole);
        } catch (java.net.BindException e) {
            // Linux answers on all of 127/8; some systems only on 127.0.0.1
            org.junit.jupiter.api.Assumptions.abort("127.0.0.2 is not a local address on this machine");
            return;
        }
        try (ServerSocket dead = listener) {
            for (int i = 0; i < 4; i++) {
                Socket f = new Socket();
                try {
                    f.connect(new InetSocketAddress(blackhole, server.port()), 200);
                } catch (Exception ignored) {
                    // the queue is full already
                }
                fillers.add(f);
            }
            server.route("/ok", status(200, "hello"));
            HttpCheck twoAddresses = new HttpCheck(HttpCheck.defaultClient()
                    .dns(host -> List.of(blackhole, InetAddress.getLoopbackAddress())).build(), 1024, ENV::get);
            CheckResult r = twoAddresses.check(target("http://two-addresses.test:" + server.port() + "/ok"));
            assertThat(r.up()).as(String.valueOf(r.error())).isTrue();
            assertThat(r.connectMs()).isGreaterThanOrEqualTo(240.0);
            assertThat(r.connectMs()).isLessThanOrEqualTo(r.ttfbMs());
        } finally {
            for (Socket f : fillers) {
                f.close();
            }
        }
    }

    @Test
    void connectForARefusedPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CheckResult r = check.check(target("http://127.0.0.1:" + port + "/"));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.CONNECT);
        assertThat(r.error().message()).isEqualTo("connection refused by 127.0.0.1:" + port);
    }

    @Test
    void connectTimeoutWhenTheAcceptQueueIsFull() throws Exception {
        // A listener that never accepts, with a backlog of 1: once its queue is full, the kernel drops new SYNs.
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 4; i++) {
                Socket f = new Socket();
                try {
                    f.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()), 200);
                } catch (Exception ignored) {
                    // the queue is full already
                }
                fillers.add(f);
            }
            CheckResult r = check.check(target("http://127.0.0.1:" + s.getLocalPort() + "/", Duration.ofMillis(500)));
            assertThat(r.errorClass()).isEqualTo(ErrorClass.CONNECT_TIMEOUT);
            assertThat(r.error().message()).contains("timed out after 500 ms");
        } finally {
            for (Socket f : fillers) {
                f.close();
            }
        }
    }

    @Test
    void timeoutWhenTheServerNeverAnswers() {
        server.route("/hang", LoopbackServer.hang());
        long t0 = System.nanoTime();
        CheckResult r = check.check(target(server.url("/hang"), Duration.ofMillis(400)));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat((System.nanoTime() - t0) / 1e6).isBetween(390.0, 3000.0);
    }

    @Test
    void timeoutWaitingForTheFinalResponseWhenOnlyInterimOnesCome() {
        server.route("/processing", (req, s) -> {
            for (int i = 0; i < 20; i++) {
                s.getOutputStream().write("HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                Thread.sleep(100);
            }
        });
        CheckResult r = check.check(target(server.url("/processing"), Duration.ofMillis(500)));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(r.error().message()).isEqualTo("timed out after 500 ms waiting for response headers from 127.0.0.1:"
                + server.port());
    }

    @Test
    void tlsForASelfSignedCertificateWithVerificationOn() throws Exception {
        HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
                .commonName("self-signed").build();
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(cert).build();
        try (LoopbackServer tls = new LoopbackServer(serverCerts.sslContext())) {
            tls.route("/", status(200, "secret"));
            CheckResult r = check.check(target("https://127.0.0.1:" + tls.port() + "/"));
            assertThat(r.errorClass()).isEqualTo(ErrorClass.TLS);
            assertThat(r.error().message()).startsWith("TLS handshake with 127.0.0.1:" + tls.port() + " failed");
        }
    }

    @Test
    void tlsTimingsWhenTheCertificateIsTrusted() throws Exception {
        HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(cert).build();
        HandshakeCertificates clientCerts = new HandshakeCertificates.Builder()
                .addTrustedCertificate(cert.certificate()).build();
        HttpCheck trusting = new HttpCheck(HttpCheck.defaultClient()
                .sslSocketFactory(clientCerts.sslSocketFactory(), clientCerts.trustManager()).build(), 1024, ENV::get);
        try (LoopbackServer tls = new LoopbackServer(serverCerts.sslContext())) {
            tls.route("/", status(200, "ok"));
            CheckResult r = trusting.check(target("https://127.0.0.1:" + tls.port() + "/"));
            assertThat(r.up()).isTrue();
            assertThat(r.tlsMs()).isPositive();
            assertThat(r.connectMs()).as("connect includes TLS").isGreaterThanOrEqualTo(r.tlsMs());
        }
    }

    @Test
    void statusWhenTheCodeIsNotExpected() {
        server.route("/500", status(500, "boom"));
        CheckResult r = check.check(target(server.url("/500")));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.STATUS);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.responseMs()).isNotNull();
        assertThat(r.error().message()).isEqualTo("status 500 is not one of [200-399]");
    }

    @Test
    void bodyWhenTheTextIsMissing() {
        server.route("/page", status(200, "all systems degraded"));
        Target t = withExpect(server.url("/page"), new Expect(List.of(StatusRange.of(200)), "operational"));
        CheckResult r = check.check(t);
        assertThat(r.errorClass()).isEqualTo(ErrorClass.BODY);
        assertThat(r.error().message()).doesNotContain("operational");
    }

    @Test
    void bodyTextIsFoundAcrossReadChunks() {
        String body = "x".repeat(8190) + "NEEDLE" + "y".repeat(20000);
        server.route("/big", status(200, body));
        assertThat(check.check(withExpect(server.url("/big"), new Expect(null, "NEEDLE"))).up()).isTrue();
    }

    @Test
    void tooLargeForAnOversizeBody() {
        server.route("/huge", respond(200, Map.of(), new byte[2 * 1024 * 1024], 0));
        CheckResult r = check.check(target(server.url("/huge")));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.TOO_LARGE);
        assertThat(r.bytes()).isGreaterThan(1024 * 1024L);
    }

    @Test
    void tooLargeForAnEndlessBody() {
        server.route("/endless", LoopbackServer.endlessBody());
        assertThat(check.check(target(server.url("/endless"))).errorClass()).isEqualTo(ErrorClass.TOO_LARGE);
    }

    @Test
    void redirectsForALoop() {
        server.route("/a", redirect("/b")).route("/b", redirect("/a"));
        CheckResult r = check.check(target(server.url("/a")));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.REDIRECTS);
        assertThat(r.error().message()).startsWith("redirect loop");
    }

    @Test
    void redirectsWhenThereAreTooMany() {
        for (int i = 0; i < 7; i++) {
            server.route("/r" + i, redirect("/r" + (i + 1)));
        }
        server.route("/r7", status(200, "finally"));
        CheckResult r = check.check(target(server.url("/r0")));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.REDIRECTS);
        assertThat(r.error().message()).isEqualTo("more than 5 redirects");
    }

    @Test
    void redirectsWithinTheLimitAreFollowed() {
        server.route("/old", redirect("/new")).route("/new", status(200, "here"));
        CheckResult r = check.check(target(server.url("/old")));
        assertThat(r.up()).isTrue();
        assertThat(r.status()).isEqualTo(200);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void notFollowingRedirectsJudgesTheRedirectItself() {
        server.route("/old", redirect("/new"));
        Target t = new Target("site", server.url("/old"), Duration.ofSeconds(10), Duration.ofSeconds(3), null, null,
                null, false, 5, null, null);
        CheckResult r = check.check(t);
        assertThat(r.up()).isTrue();
        assertThat(r.status()).isEqualTo(302);
    }

    @Test
    void connectWhenResetBeforeAnyResponse() {
        server.route("/reset", LoopbackServer.reset());
        CheckResult r = check.check(target(server.url("/reset")));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.CONNECT);
        assertThat(r.error().message()).contains("before any response");
    }

    @Test
    void protocolWhenResetMidResponse() {
        server.route("/midway", LoopbackServer.resetMidBody());
        CheckResult r = check.check(target(server.url("/midway")));
        assertThat(r.errorClass()).isEqualTo(ErrorClass.PROTOCOL);
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void protocolForOversizedHeaders() {
        server.route("/headers", LoopbackServer.hugeHeaders());
        assertThat(check.check(target(server.url("/headers"))).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
    }

    @Test
    void protocolForAMalformedStatusLine() {
        server.route("/garbage", LoopbackServer.garbage());
        assertThat(check.check(target(server.url("/garbage"))).errorClass()).isEqualTo(ErrorClass.PROTOCOL);
    }

    @Test
    void headerReferencesAreResolvedAtCheckTime() {
        server.route("/auth", status(200, "ok"));
        Target t = new Target("site", server.url("/auth"), Duration.ofSeconds(10), Duration.ofSeconds(3), null,
                Map.of("Authorization", "Bearer ${API_TOKEN}"), null, true, 5, null, null);
        assertThat(check.check(t).up()).isTrue();
        assertThat(server.lastHeaders("/auth")).containsEntry("authorization", "Bearer s3cr3t-value");
    }

    @Test
    void aMissingVariableSkipsTheCheckAndNamesOnlyTheVariable() {
        server.route("/auth", status(200, "ok"));
        Target t = new Target("site", server.url("/auth"), Duration.ofSeconds(10), Duration.ofSeconds(3), null,
                Map.of("Authorization", "Bearer ${NOT_SET_HERE}", "X-Other", "${API_TOKEN}"), null, true, 5, null,
                null);
        assertThatThrownBy(() -> check.check(t))
                .isInstanceOf(CheckNotRunException.class)
                .hasMessage("target site: header Authorization references NOT_SET_HERE, which is not set in the "
                        + "prober's environment")
                .satisfies(e -> assertThat(((CheckNotRunException) e).reason()).isEqualTo("missing_env"));
        assertThat(server.connections()).as("nothing is sent").isZero();
    }

    @Test
    void headersAreNotSentToAnotherHostOnRedirect() throws Exception {
        try (LoopbackServer other = new LoopbackServer()) {
            other.route("/landing", status(200, "ok"));
            // same port space, different host name: "localhost" vs "127.0.0.1"
            server.route("/go", redirect("http://localhost:" + other.port() + "/landing"));
            Target t = new Target("site", server.url("/go"), Duration.ofSeconds(10), Duration.ofSeconds(3), null,
                    Map.of("Authorization", "Bearer ${API_TOKEN}"), null, true, 5, null, null);
            assertThat(check.check(t).up()).isTrue();
            assertThat(server.lastHeaders("/go")).containsKey("authorization");
            assertThat(other.lastHeaders("/landing")).doesNotContainKey("authorization");
        }
    }

    @Test
    void headersAreNotSentToAnotherPortOrSchemeOfTheSameHostOnRedirect() throws Exception {
        // An https site redirecting to http on its own host (or to another port there) must not get the secret in
        // the clear, or on a service the user never configured: headers go to the target's origin only.
        try (LoopbackServer other = new LoopbackServer()) {
            other.route("/landing", status(200, "ok"));
            server.route("/go", redirect("http://127.0.0.1:" + other.port() + "/landing"));
            Target t = new Target("site", server.url("/go"), Duration.ofSeconds(10), Duration.ofSeconds(3), null,
                    Map.of("Authorization", "Bearer ${API_TOKEN}"), null, true, 5, null, null);
            assertThat(check.check(t).up()).isTrue();
            assertThat(server.lastHeaders("/go")).containsKey("authorization");
            assertThat(other.lastHeaders("/landing")).doesNotContainKey("authorization");
        }
    }

    @Test
    void headersFollowARedirectWithinTheOrigin() {
        server.route("/go", redirect("/landing")).route("/landing", status(200, "ok"));
        Target t = new Target("site", server.url("/go"), Duration.ofSeconds(10), Duration.ofSeconds(3), null,
                Map.of("Authorization", "Bearer ${API_TOKEN}"), null, true, 5, null, null);
        assertThat(check.check(t).up()).isTrue();
        assertThat(server.lastHeaders("/landing")).containsEntry("authorization", "Bearer s3cr3t-value");
    }

    @Test
    void messagesNeverCarryQueryStringsOrHeaderValues() {
        server.route("/loop", redirect("/loop?token=abc123"));
        server.route("/reset", LoopbackServer.reset());
        for (String url : List.of(server.url("/loop?token=abc123"), server.url("/reset?token=abc123"),
                "http://user:pw@secret-host.invalid/?token=abc123")) {
            Target t = new Target("site", url, Duration.ofSeconds(10), Duration.ofSeconds(3), null,
                    Map.of("Authorization", "Bearer ${API_TOKEN}"), null, true, 5, null, null);
            CheckResult r = check.check(t);
            assertThat(r.up()).isFalse();
            assertThat(r.error().message()).doesNotContain("abc123", "s3cr3t", "pw@", "user:");
        }
    }

    @Test
    void headRequestsAndPostRequestsWork() {
        server.route("/m", status(200, ""));
        for (String method : List.of("HEAD", "POST")) {
            Target t = new Target("site", server.url("/m"), Duration.ofSeconds(10), Duration.ofSeconds(3), method,
                    null, null, true, 5, null, null);
            assertThat(check.check(t).up()).as(method).isTrue();
        }
    }

    @Test
    void ipLiteralsAreRecognised() {
        assertThat(HttpCheck.isIpLiteral("127.0.0.1")).isTrue();
        assertThat(HttpCheck.isIpLiteral("::1")).isTrue();
        assertThat(HttpCheck.isIpLiteral("localhost")).isFalse();
        assertThat(HttpCheck.isIpLiteral("1.2.3.example")).isFalse();
    }

    @Test
    void hostNamesWorkToo() throws Exception {
        server.route("/ok", status(200, "hello"));
        CheckResult r = check.check(target("http://localhost:" + server.port() + "/ok"));
        assertThat(r.up()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.dnsMs()).isNotNull();
    }

    private static Target withExpect(String url, Expect expect) {
        return new Target("site", url, Duration.ofSeconds(10), Duration.ofSeconds(3), null, null, expect, true, 5,
                null, null);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
