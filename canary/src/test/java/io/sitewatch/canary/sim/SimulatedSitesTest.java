package io.sitewatch.canary.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sitewatch.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimulatedSitesTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SimulatedSites sites;

    @BeforeEach
    void start() {
        sites = SimulatedSites.builder().clock(clock).build().start();
    }

    @AfterEach
    void stop() {
        sites.close();
    }

    private static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthySiteAnswers200WithOkBodyAndClosesTheConnection() throws Exception {
        sites.define("shop", SiteBehavior.ok());

        HttpResponse<String> response = get(sites.url("shop"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Connection")).hasValue("close");
        assertThat(sites.url("shop")).hasToString("http://127.0.0.1:" + sites.httpPort() + "/site/shop");
    }

    @Test
    void anythingAfterTheNameIsIgnored() throws Exception {
        sites.define("shop", SiteBehavior.status(201));

        HttpResponse<String> response = get(URI.create(sites.url("shop") + "/deep/path?query=1"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(sites.requestCount("shop")).isEqualTo(1);
    }

    @Test
    void unknownSitesAndOtherPathsGet404() throws Exception {
        assertThat(get(sites.url("nobody")).statusCode()).isEqualTo(404);
        assertThat(get(sites.baseUrl().resolve("/elsewhere")).statusCode()).isEqualTo(404);
        assertThat(get(sites.baseUrl().resolve("/site/")).statusCode()).isEqualTo(404);
        assertThat(sites.requestCount("nobody")).isZero();
    }

    @Test
    void malformedRequestGets400() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", sites.httpPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("HELLO\r\n\r\n".getBytes());
            String answer = new String(socket.getInputStream().readAllBytes());
            assertThat(answer).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void headRequestGetsTheHeadOnly() throws Exception {
        sites.define("shop", SiteBehavior.ok());

        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(sites.url("shop")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(2);
    }

    @Test
    void statusCodeIsConfigurable() throws Exception {
        sites.define("broken", SiteBehavior.status(500));
        sites.define("empty", SiteBehavior.status(204));

        assertThat(get(sites.url("broken")).statusCode()).isEqualTo(500);
        HttpResponse<String> empty = get(sites.url("empty"));
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void statusSequenceCyclesPerRequest() throws Exception {
        sites.define("flaky", SiteBehavior.statusSequence(200, 500, 503));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(get(sites.url("flaky")).statusCode());
        }

        assertThat(statuses).containsExactly(200, 500, 503, 200, 500);
    }

    @Test
    void bodyTextAndSizeAreConfigurable() throws Exception {
        sites.define("text", SiteBehavior.builder().body("hello world").build());
        sites.define("big", SiteBehavior.builder().body("abc").bodySize(100_000).build());

        assertThat(get(sites.url("text")).body()).isEqualTo("hello world");
        String big = get(sites.url("big")).body();
        assertThat(big).hasSize(100_000).startsWith("abcabc");
    }

    @Test
    void wrongContentLacksTheExpectedText() throws Exception {
        sites.define("defaced", SiteBehavior.wrongContent());

        HttpResponse<String> response = get(sites.url("defaced"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SiteBehavior.WRONG_BODY).doesNotContain("ok");
    }

    @Test
    void latencyDelaysTheHeaders() throws Exception {
        sites.define("slow", SiteBehavior.latency(Duration.ofMillis(200)));

        long start = System.nanoTime();
        HttpResponse<String> response = get(sites.url("slow"));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(200);
    }

    @Test
    void downSiteAnswers503UntilItIsUpAgain() throws Exception {
        sites.define("shop", SiteBehavior.ok());

        sites.setDown("shop", true);
        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(503);

        sites.setDown("shop", false);
        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(200);
        assertThat(sites.requestCount("shop")).isEqualTo(2);
    }

    @Test
    void downSiteCanResetInsteadOf503() throws Exception {
        sites.define("shop", SiteBehavior.builder().whenDown(SiteBehavior.DownMode.RESET).build());
        sites.setDown("shop", true);

        try (RawHttp exchange = new RawHttp(sites.url("shop"), 5_000)) {
            assertThatThrownBy(exchange::readToEnd).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void setDownOnAnUnknownSiteIsAnError() {
        assertThatThrownBy(() -> sites.setDown("nobody", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void outageWindowFollowsTheClock() throws Exception {
        Instant now = clock.instant();
        sites.define("shop", SiteBehavior.builder()
                .outage(now.plusSeconds(10), now.plusSeconds(20))
                .build());

        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(10));
        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(503);
        clock.advance(Duration.ofSeconds(9));
        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(503);
        clock.advance(Duration.ofSeconds(1));
        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(200);
    }

    @Test
    void behaviourCanChangeAtRuntime() throws Exception {
        sites.define("shop", SiteBehavior.ok());
        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(200);

        sites.define("shop", SiteBehavior.status(502));

        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(502);
        assertThat(sites.behavior("shop").statuses()).containsExactly(502);
        assertThat(sites.requestCount("shop")).isEqualTo(2);

        sites.remove("shop");
        assertThat(get(sites.url("shop")).statusCode()).isEqualTo(404);
        assertThat(sites.names()).isEmpty();
    }

    @Test
    void slowHeadersArriveOneLineAtATime() throws Exception {
        sites.define("dribble", SiteBehavior.slowHeaders(Duration.ofMillis(100), 5));

        long start = System.nanoTime();
        try (RawHttp exchange = new RawHttp(sites.url("dribble"), 5_000)) {
            InputStream in = exchange.in();
            int first = in.read();
            long firstByteMillis = (System.nanoTime() - start) / 1_000_000;
            String rest = exchange.readToEnd();
            long endMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat((char) first + rest).startsWith("HTTP/1.1 200 OK\r\n").contains("X-Dribble-4: 4").endsWith("ok");
            // The status line comes at once; the five 100 ms pauses all fall after it.
            assertThat(endMillis - firstByteMillis).isGreaterThanOrEqualTo(450);
        }
    }

    @Test
    void endlessBodyStreamsUntilTheClientCloses() throws Exception {
        sites.define("endless", SiteBehavior.endlessBody());

        HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(sites.url("endless")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] chunk = new byte[64 * 1024];
            long read = 0;
            while (read < 8L * 1024 * 1024) {
                int n = body.read(chunk);
                assertThat(n).as("body ended after %d bytes", read).isPositive();
                read += n;
            }
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    }

    @Test
    void redirectLoopPointsToItself() throws Exception {
        sites.define("loop", SiteBehavior.redirectLoop());

        HttpResponse<String> response = get(sites.url("loop"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/site/loop");
    }

    @Test
    void redirectPingPongAlternatesBetweenTwoPaths() throws Exception {
        sites.define("pingpong", SiteBehavior.redirectPingPong());

        HttpResponse<String> first = get(sites.url("pingpong"));
        HttpResponse<String> second = get(sites.baseUrl().resolve(first.headers().firstValue("Location").orElseThrow()));

        assertThat(first.headers().firstValue("Location")).hasValue("/site/pingpong/loop");
        assertThat(second.headers().firstValue("Location")).hasValue("/site/pingpong");
    }

    @Test
    void redirectLoopNeverEndsForAFollowingClient() throws Exception {
        sites.define("loop", SiteBehavior.redirectLoop());
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        // The JDK client gives up after its redirect limit and hands back the last 302.
        HttpResponse<String> response = following.send(HttpRequest.newBuilder(sites.url("loop")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(sites.requestCount("loop")).isGreaterThan(1);
    }

    @Test
    void connectionResetSendsRst() throws Exception {
        sites.define("reset", SiteBehavior.connectionReset());

        try (RawHttp exchange = new RawHttp(sites.url("reset"), 5_000)) {
            assertThatThrownBy(exchange::readToEnd).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        assertThat(sites.requestCount("reset")).isEqualTo(1);
    }

    @Test
    void hugeHeadersAreAsLargeAsAsked() throws Exception {
        sites.define("huge", SiteBehavior.hugeHeaders(200 * 1024));

        try (RawHttp exchange = new RawHttp(sites.url("huge"), 5_000)) {
            String answer = exchange.readToEnd();
            int headEnd = answer.indexOf("\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok");
            assertThat(headEnd).isGreaterThanOrEqualTo(200 * 1024);
        }
    }

    @Test
    void hangingSiteReadsTheRequestAndNeverAnswers() throws Exception {
        sites.define("hang", SiteBehavior.hang());

        try (RawHttp exchange = new RawHttp(sites.url("hang"), 300)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> sites.requestCount("hang") == 1);
            assertThatThrownBy(() -> exchange.in().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closeReleasesHangingConnectionsAndStopsListening() throws Exception {
        sites.define("hang", SiteBehavior.hang());
        int port = sites.httpPort();

        try (RawHttp exchange = new RawHttp(sites.url("hang"), 5_000)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> sites.requestCount("hang") == 1);

            sites.close();

            assertThat(exchange.in().read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void countsAreKeptPerSiteAndCanBeReset() throws Exception {
        sites.define("a", SiteBehavior.ok());
        sites.define("b", SiteBehavior.status(500));
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            calls.add(CLIENT.sendAsync(HttpRequest.newBuilder(sites.url(i % 3 == 0 ? "b" : "a")).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        assertThat(sites.requestCount("a")).isEqualTo(40);
        assertThat(sites.requestCount("b")).isEqualTo(20);
        assertThat(sites.requestCounts()).containsEntry("a", 40L).containsEntry("b", 20L);

        sites.resetCounts();

        assertThat(sites.requestCount("a")).isZero();
        assertThat(sites.requestCount("b")).isZero();
        assertThat(sites.requestCount("unknown")).isZero();
    }

    @Test
    void everyFreshConnectionFromManyThreadsIsServedAndCountedOnce() throws Exception {
        for (int i = 0; i < 10; i++) {
            sites.define("s" + i, SiteBehavior.ok());
        }
        int threads = 8;
        int perThread = 250;
        List<CompletableFuture<Integer>> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int client = t;
            clients.add(CompletableFuture.supplyAsync(() -> {
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                    try (RawHttp exchange = new RawHttp(sites.url("s" + ((client + i) % 10)), 5_000)) {
                        if (exchange.readToEnd().startsWith("HTTP/1.1 200 OK")) {
                            ok++;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return ok;
            }));
        }

        int ok = 0;
        for (CompletableFuture<Integer> client : clients) {
            ok += client.get(25, TimeUnit.SECONDS);
        }

        assertThat(ok).isEqualTo(threads * perThread);
        assertThat(sites.requestCounts().values()).containsOnly((long) threads * perThread / 10);
    }

    @Test
    void httpsWithDefaultTrustFailsVerification() {
        sites.define("secure", SiteBehavior.ok());

        assertThatThrownBy(() -> get(sites.httpsUrl("secure"))).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void httpsServesTheSameSitesToAClientThatTrustsTheCertificate() throws Exception {
        sites.define("secure", SiteBehavior.ok());
        HttpClient trusting = HttpClient.newBuilder().sslContext(sites.trustingSslContext()).build();

        HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(sites.httpsUrl("secure")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(sites.httpsUrl("secure")).hasToString("https://127.0.0.1:" + sites.httpsPort() + "/site/secure");
        assertThat(sites.certificate().getSubjectX500Principal().getName()).contains("sitewatch-canary");
        assertThat(sites.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(sites.requestCount("secure")).isEqualTo(1);
    }

    @Test
    void listenersBindToLoopbackOnly() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", sites.httpPort())) {
            assertThat(socket.getInetAddress().isLoopbackAddress()).isTrue();
        }
        assertThat(sites.baseUrl().getHost()).isEqualTo("127.0.0.1");
    }
}
