package io.sitewatch.dashboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console's event-stream client against a loopback server that opens the stream and then hangs: it keeps the
 * connection open and sends nothing more, as a dashboard does when it is frozen or when the network between dropped
 * the connection without closing it.
 */
class DashboardClientTest {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger streams = new AtomicInteger();
    private HttpServer server;
    private Thread thread;
    private DashboardClient client;

    /** Answers {@code /api/events} with one comment, then a keep-alive every {@code keepAlive} (never when null). */
    private URI dashboard(Duration keepAlive) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/events", exchange -> {
            streams.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(": hello\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (!finished.await(keepAlive == null ? 60_000 : keepAlive.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (keepAlive != null) {
                        out.write(":keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } catch (InterruptedException | IOException e) {
                // the client went away
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private ConsoleModel follow(URI dashboard, Duration silenceLimit) {
        ConsoleModel model = new ConsoleModel();
        client = new DashboardClient(dashboard, model, (event, payload) -> { }, null, silenceLimit);
        thread = new Thread(client, "test-console-events");
        thread.setDaemon(true);
        thread.start();
        return model;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
            thread.join(5_000);
        }
        finished.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aStreamThatGoesSilentIsNotLiveAndIsReopened() throws Exception {
        ConsoleModel model = follow(dashboard(null), Duration.ofMillis(600));
        await().atMost(Duration.ofSeconds(5)).until(model::connected);
        await().atMost(Duration.ofSeconds(5)).until(() -> !model.connected());
        assertThat(model.problem()).isEqualTo("no word from the dashboard for 600ms (not even a keep-alive)");
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.get() >= 2); // it tries again by itself
    }

    /**
     * {@code ./sitewatch console --plain | head -3}: once the reader of the pipe has gone, the console stops too
     * (it ran on for ever, unseen, following the dashboard into a pipe nobody read).
     */
    @Test
    void thePlainConsoleEndsWhenNobodyReadsItsOutput() throws Exception {
        URI dashboard = dashboard(Duration.ofMillis(100));
        java.io.PrintStream terminal = System.out;
        System.setOut(new java.io.PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, true, StandardCharsets.UTF_8));
        try {
            java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> new picocli.CommandLine(new ConsoleCommand()).execute("--plain", "--dashboard",
                            dashboard.toString()));
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(streams.get()).isEqualTo(1);
        } finally {
            System.setOut(terminal);
        }
    }

    @Test
    void keepAlivesKeepAQuietStreamLive() throws Exception {
        ConsoleModel model = follow(dashboard(Duration.ofMillis(100)), Duration.ofMillis(600));
        await().atMost(Duration.ofSeconds(5)).until(model::connected);
        Thread.sleep(2_000);
        assertThat(model.connected()).isTrue();
        assertThat(streams.get()).isEqualTo(1);
    }
}
