package io.sitewatch.dashboard.console;

import static io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.testdoubles.DashboardFixture;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Target;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console against a real dashboard on the embedded broker: full screen on a JLine terminal over in-memory
 * streams (xterm, 132×40), and the plain output. Both views show, and an alert produced on the topic appears.
 */
class ConsoleIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension broker = new EmbeddedKafkaExtension();
    static DashboardFixture fixture;
    static final Instant T0 = Instant.now().minusSeconds(900);

    @BeforeAll
    static void start() throws Exception {
        StatsServiceTestDouble stats = new StatsServiceTestDouble().serve(List.of(
                site("example", 1.0, 102, 410, 170), site("api", 0.58, 640, 5000, 2100),
                site("shop", 0.97, 228, 890, 396)));
        fixture = new DashboardFixture(broker, "it-console", List.of(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(1)),
                new SitewatchConfig.View(Duration.ofHours(1), Duration.ofSeconds(2))), stats);
        fixture.target(Target.of("example", "https://example.com", Duration.ofSeconds(10)));
        fixture.target(Target.of("api", "https://api.example.com", Duration.ofSeconds(10)));
        fixture.target(Target.of("shop", "https://shop.example.com", Duration.ofSeconds(10)));
        fixture.produce(Alert.down("shop", "https://shop.example.com", 0.5, 0.8, Duration.ofMinutes(2), 12, T0));
        fixture.produce(Alert.recovered("shop", "https://shop.example.com", 0.92, 0.8, Duration.ofMinutes(2), 12,
                T0.plusSeconds(300), T0));
        fixture.start();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static String screen(List<AttributedString> frame) {
        return String.join("\n", frame.stream().map(l -> l.toString().stripTrailing()).toList());
    }

    @Test
    void theFullScreenConsoleShowsBothViewsPastAlertsAndANewAlertFromTheTopic() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).streams(in, out).type("xterm-256color")
                .size(new Size(132, 40)).encoding(StandardCharsets.UTF_8).build();
        ConsoleModel model = new ConsoleModel();
        FullScreenConsole console = new FullScreenConsole(terminal, model,
                new ConsoleRenderer(fixture.url(""), ZoneOffset.UTC), Clock.systemUTC());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread ui = new Thread(() -> {
            try {
                console.run(new DashboardClient(URI.create(fixture.url("")), model, console));
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "console-under-test");
        ui.start();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(screen(console.lastFrame()))
                    .contains("Past 10 minutes", "Past hour", "● live", "example", "api", "shop",
                            "Website shop recovered.", "Website shop is down."));

            Alert alert = Alert.down("api", "https://api.example.com", 0.58, 0.8, Duration.ofMinutes(2), 24,
                    Instant.now());
            long sent = System.nanoTime();
            fixture.produce(alert);
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> screen(console.lastFrame()).contains(alert.message()));
            System.out.println("alert produced → on the console screen in " + (System.nanoTime() - sent) / 1_000_000 + " ms");
            String shown = screen(console.lastFrame());
            assertThat(shown.indexOf(alert.message())).isLessThan(shown.indexOf("Website shop recovered."));
            assertThat(shown).contains("DOWN    "); // api's status from the alert

            String written = out.toString(StandardCharsets.UTF_8);
            assertThat(written).contains("\u001b[?1049h").contains("sitewatch"); // alternate screen, drawn
            Path capture = Path.of("target", "console", "console.txt");
            Files.createDirectories(capture.getParent());
            Files.writeString(capture, shown + "\n");
        } finally {
            keys.write('q');
            keys.flush();
            ui.join(5_000);
        }
        assertThat(ui.isAlive()).as("q quits").isFalse();
        assertThat(failed.get()).isNull();
        // terminal restored (JLine may still be handing the last bytes to the stream when the UI thread ends)
        await().atMost(Duration.ofSeconds(2)).until(() -> out.toString(StandardCharsets.UTF_8).contains("\u001b[?1049l"));
    }

    @Test
    void thePlainConsolePrintsViewsAndAlertsLineByLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DashboardClient client = plainConsole(fixture.url(""), bytes, "plain-console-under-test");
        try {
            Alert alert = Alert.recovered("api", "https://api.example.com", 0.9, 0.8, Duration.ofMinutes(2), 24,
                    Instant.now().plusSeconds(1), T0);
            await().atMost(Duration.ofSeconds(20)).until(() -> bytes.toString(StandardCharsets.UTF_8)
                    .contains("Past hour"));
            fixture.produce(alert);
            await().atMost(Duration.ofSeconds(5)).until(() -> bytes.toString(StandardCharsets.UTF_8)
                    .contains(alert.message()));
            String text = bytes.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("# connected to ").contains("Past 10 minutes", "Website shop is down.")
                    .doesNotContain("\u001b");
            Path capture = Path.of("target", "console", "console-plain.txt");
            Files.createDirectories(capture.getParent());
            Files.writeString(capture, text);
        } finally {
            client.close();
        }
    }

    /**
     * The plain console prints each view as it arrives; the first tables must already show the status the alerts on
     * the topic give (here: api is DOWN), not "UP" because the site has checks. Once api is removed from the targets
     * topic it is not checked any more: its rows (its checks are still in the window) say REMOVED, not DOWN.
     */
    @Test
    void thePlainConsoleShowsTheStatusOfThePastAlertsFromItsFirstTablesAndARemovedSiteAsRemoved() throws Exception {
        try (DashboardFixture down = new DashboardFixture(broker, "it-console-first", List.of(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(1))),
                new StatsServiceTestDouble().serve(List.of(site("api", 0.0, 0, 0, 0))))) {
            down.target(Target.of("api", "https://api.example.com", Duration.ofSeconds(10)));
            down.produce(Alert.down("api", "https://api.example.com", 0.0, 0.8, Duration.ofMinutes(2), 24, T0));
            down.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> down.server.dashboard().alerts().history().size() == 1
                    && down.server.dashboard().views().all().get(0).report() != null);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DashboardClient client = plainConsole(down.url(""), bytes, "plain-console-first-tables");
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> bytes.toString(StandardCharsets.UTF_8)
                        .lines().anyMatch(l -> l.startsWith("api ")));
                String firstRow = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("api "))
                        .findFirst().orElseThrow();
                assertThat(firstRow).as("the first table printed").contains(" DOWN ").doesNotContain(" UP ");

                down.registry.remove("api");
                await().atMost(Duration.ofSeconds(5)).until(() -> bytes.toString(StandardCharsets.UTF_8).lines()
                        .anyMatch(l -> l.startsWith("api ") && l.contains(" REMOVED ")));
            } finally {
                client.close();
            }
        }
    }

    /** A plain console following the dashboard at {@code url}, printing into {@code bytes}, on its own thread. */
    private static DashboardClient plainConsole(String url, ByteArrayOutputStream bytes, String thread) {
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleModel model = new ConsoleModel();
        PlainConsole plain = new PlainConsole(out, model, new ConsoleRenderer(url, ZoneOffset.UTC), Clock.systemUTC(),
                url);
        DashboardClient client = new DashboardClient(URI.create(url), model, plain);
        Thread t = new Thread(client, thread);
        t.setDaemon(true);
        t.start();
        return client;
    }

    @Test
    void withAReadTokenTheConsoleSendsItAndWithoutItSaysWhatToSet() throws Exception {
        String token = "console-read-token-0123456789";
        try (DashboardFixture guarded = new DashboardFixture(broker, "it-console-token",
                io.sitewatch.config.SitewatchConfig.DEFAULT_VIEWS, new StatsServiceTestDouble().serve(List.of()), token)
                .start()) {
            ConsoleModel refused = new ConsoleModel();
            DashboardClient without = new DashboardClient(URI.create(guarded.url("")), refused, (e, p) -> { });
            Thread t1 = new Thread(without, "console-without-token");
            t1.setDaemon(true);
            t1.start();
            ConsoleModel accepted = new ConsoleModel();
            java.util.concurrent.atomic.AtomicBoolean connected = new java.util.concurrent.atomic.AtomicBoolean();
            DashboardClient with = new DashboardClient(URI.create(guarded.url("")), accepted, (e, p) -> {
                if (e.equals("connection") && accepted.connected()) {
                    connected.set(true);
                }
            }, token);
            Thread t2 = new Thread(with, "console-with-token");
            t2.setDaemon(true);
            t2.start();
            try {
                await().atMost(Duration.ofSeconds(10)).untilTrue(connected);
                await().atMost(Duration.ofSeconds(10)).until(() -> ("the dashboard needs its read token: set "
                        + "SITEWATCH_READ_TOKEN").equals(refused.problem()));
            } finally {
                without.close();
                with.close();
            }
        }
    }
}
