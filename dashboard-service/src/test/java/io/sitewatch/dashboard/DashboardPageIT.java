package io.sitewatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.stats.ResponseTimeHistory;
import io.sitewatch.dashboard.testdoubles.DashboardFixture;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.model.Alert;
import io.sitewatch.model.SiteStats;
import io.sitewatch.model.StatsReport;
import io.sitewatch.model.Target;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium (Debian chromium + chromium-driver, system driver): it lists the sites, shows an
 * alert produced on the topic within 2 s without reload, and renders a hostile site name as text. Skipped, visibly,
 * where /usr/bin/chromedriver is absent. Screenshots go to target/screenshots/.
 */
class DashboardPageIT {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String HOSTILE = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\">";

    @RegisterExtension
    static final EmbeddedKafkaExtension broker = new EmbeddedKafkaExtension();

    static DashboardFixture fixture;
    static WebDriver driver;
    static Path profile;

    @BeforeAll
    static void startBrowserAndDashboard() throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "headless Chromium test skipped: " + CHROMEDRIVER
                + " is absent (apt-get install chromium chromium-driver)");
        StatsServiceTestDouble stats = new StatsServiceTestDouble().serve(DashboardPageIT::report);
        fixture = new DashboardFixture(broker, "it-page", List.of(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(1)),
                new SitewatchConfig.View(Duration.ofHours(1), Duration.ofSeconds(5))), stats);
        fixture.target(Target.of("example", "https://example.com", Duration.ofSeconds(10)));
        fixture.target(Target.of("api", "https://api.example.com/health", Duration.ofSeconds(5)));
        fixture.target(Target.of("shop", "https://shop.example.com", Duration.ofSeconds(10)));
        Instant now = Instant.now();
        fixture.produce(Alert.down("shop", "https://shop.example.com", 0.5, 0.8, Duration.ofMinutes(2), 12,
                now.minusSeconds(900)));
        fixture.produce(Alert.recovered("shop", "https://shop.example.com", 0.92, 0.8, Duration.ofMinutes(2), 12,
                now.minusSeconds(600), now.minusSeconds(900)));
        fixture.produce(Alert.down("api", "https://api.example.com/health", 0.58, 0.8, Duration.ofMinutes(2), 24,
                now.minusSeconds(120)));
        fixture.start();

        profile = Files.createTempDirectory("sitewatch-chromium-");
        ChromeOptions options = new ChromeOptions();
        if (Files.isExecutable(CHROMIUM)) {
            options.setBinary(CHROMIUM.toFile());
        }
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1440,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * Each test reads the browser's log for errors of its own: a page left open would go on retrying a dashboard its
     * test has stopped, and the 503 and 401 that one test asks for are no other test's errors.
     */
    @AfterEach
    void leaveThePage() {
        driver.get("about:blank");
        driver.manage().logs().get(LogType.BROWSER);
    }

    /** A stats report that moves a little with time, with a hostile site name among the real ones. */
    static StatsReport report(Duration window) {
        Instant now = Instant.now();
        double wave = Math.sin(now.toEpochMilli() / 3000.0);
        List<SiteStats> sites = new ArrayList<>();
        sites.add(site("example", 1.0, 118 + 20 * wave, 410, 190 + 25 * wave, Map.of("200", 60L), Map.of()));
        sites.add(site("api", 0.58, 640 + 90 * wave, 5000, 2100 + 200 * wave, Map.of("200", 35L, "503", 25L),
                Map.of("STATUS", 20L, "TIMEOUT", 5L)));
        sites.add(site("shop", 0.97, 260 + 40 * wave, 890, 420 + 30 * wave, Map.of("200", 58L, "301", 2L), Map.of()));
        sites.add(site(HOSTILE, null, 0, 0, 0, Map.of(), Map.of()));
        return new StatsReport(window, now.minus(window), now, sites);
    }

    static SiteStats site(String name, Double availability, double avg, double max, double p95,
                          Map<String, Long> codes, Map<String, Long> errors) {
        Instant now = Instant.now();
        SiteStats.Timing r = availability == null ? SiteStats.Timing.EMPTY
                : new SiteStats.Timing(avg, max, avg * 0.9, p95, max * 0.9);
        SiteStats.Timing t = availability == null ? SiteStats.Timing.EMPTY
                : new SiteStats.Timing(avg * 0.4, max * 0.4, null, null, null);
        long checks = codes.values().stream().mapToLong(Long::longValue).sum();
        return new SiteStats(name, checks, checks, availability, r, t, codes, errors, now, now);
    }

    static WebDriverWait waitUpTo(Duration d) {
        WebDriverWait w = new WebDriverWait(driver, d);
        w.pollingEvery(Duration.ofMillis(25));
        return w;
    }

    @Test
    void thePageListsTheSitesShowsANewAlertWithin2sAndRendersHostileNamesAsText() throws Exception {
        driver.get(fixture.url("/"));

        // the sites: chips from the targets topic, a row per site in each view
        waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector("#site-chips li")).size() == 3);
        assertThat(js("return document.querySelector(\"#site-chips li[data-site='api']\").dataset.status"))
                .isEqualTo("DOWN");
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#views section")).size() == 2);
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(
                By.cssSelector("#views section[data-window='10m'] tbody tr")).size() == 4);
        assertThat(texts("#views section[data-window='10m'] tbody td.site")).contains("example", "api", "shop");
        assertThat(driver.findElements(By.cssSelector("#alert-log li"))).hasSize(3);

        // a hostile site name is shown as text and nothing of it runs
        assertThat(texts("#views td.site")).contains(HOSTILE);
        assertThat(driver.findElements(By.cssSelector("#views script, #views img, #alert-log script"))).isEmpty();

        // a new alert produced on the topic appears without reload within 2 s
        Alert alert = Alert.down(HOSTILE.substring(0, 30), "https://x.example", 0.4, 0.8, Duration.ofMinutes(2), 10,
                Instant.now());
        long sent = System.nanoTime();
        fixture.produce(alert);
        WebElement shown = waitUpTo(Duration.ofSeconds(2)).until(d -> d.findElements(By.cssSelector("#alert-log li"))
                .stream().filter(li -> alert.id().equals(li.getAttribute("data-alert-id"))).findFirst().orElse(null));
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("alert produced → visible on the page in " + tookMs + " ms");
        assertThat(shown.findElement(By.cssSelector(".site")).getAttribute("textContent")).isEqualTo(alert.site());
        assertThat(shown.findElement(By.cssSelector(".message")).getAttribute("textContent")).isEqualTo(alert.message());
        assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.__pwned || 0"))
                .isEqualTo(0L);

        // charts fill in as the 1 s view refreshes; then screenshots for the README
        waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector("#charts .chart canvas")).size() >= 3);
        Thread.sleep(6_000);
        // each chart's time axis spans its points, with level labels
        assertThat(js("return [...document.querySelectorAll('#charts canvas')].map(c => { const ch = Chart.getChart(c);"
                + " const xs = ch.data.datasets[0].data.map(p => p.x);"
                + " return ch.scales.x.min === Math.min(...xs) && ch.scales.x.max === Math.max(...xs)"
                + " && ch.scales.x.labelRotation === 0; })"))
                .asList().isNotEmpty().containsOnly(true);
        driver.manage().window().setSize(new Dimension(1440, 1250));
        Thread.sleep(500);
        screenshot("dashboard.png");
        driver.manage().window().setSize(new Dimension(400, 860));
        Thread.sleep(500);
        screenshot("dashboard-phone.png");
        // on a phone the page is one column: what is down (sites, tables) and what happened (alerts) before the charts
        assertThat(js("const top = id => document.getElementById(id).getBoundingClientRect().top;"
                + "return [top('site-chips') < top('views'), top('views') < top('alert-log'),"
                + " top('alert-log') < top('charts'), document.documentElement.scrollWidth <= innerWidth]"))
                .as("sites, views, alerts, charts in that order, nothing wider than the phone").isEqualTo(
                        List.of(true, true, true, true));
        driver.manage().window().setSize(new Dimension(1440, 1000));

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("favicon"))
                .toList();
        assertThat(errors).as("browser console errors (CSP violations, script errors)").isEmpty();
    }

    /**
     * What a user sees after opening the page and changing targets, without reload: a site removed from the targets
     * topic leaves the chips and its rows (still in the stats window) say REMOVED, not the DOWN of its last alert; a
     * site added appears; a site that had no checks when the page loaded turns UP when its checks arrive.
     */
    @Test
    void sitesAndTheirStatusFollowTheTargetsTopicAndTheChecksWithoutReload() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean lateChecked = new java.util.concurrent.atomic.AtomicBoolean();
        StatsServiceTestDouble stats = new StatsServiceTestDouble().serve(window -> {
            Instant now = Instant.now();
            List<SiteStats> sites = new ArrayList<>();
            sites.add(site("gone", 0.2, 900, 2000, 1500, Map.of("200", 2L, "503", 8L), Map.of("STATUS", 8L)));
            sites.add(site("steady", 0.96, 100, 200, 150, Map.of("200", 24L, "503", 1L), Map.of("STATUS", 1L)));
            if (lateChecked.get()) {
                sites.add(site("late", 1.0, 80, 120, 100, Map.of("200", 3L), Map.of()));
            }
            return new StatsReport(window, now.minus(window), now, sites);
        });
        try (DashboardFixture live = new DashboardFixture(broker, "it-page-live", List.of(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(1))), stats)) {
            live.target(Target.of("gone", "https://gone.example.com", Duration.ofSeconds(10)));
            // its own threshold: 96% is below it (red), where the default 0.8 would only warn
            live.target(new Target("steady", "https://steady.example.com", Duration.ofSeconds(10), null, null, null,
                    null, true, 5, new io.sitewatch.model.AlertingPolicy(0.99, null, null), null));
            live.target(Target.of("late", "https://late.example.com", Duration.ofSeconds(10)));
            live.produce(Alert.down("gone", "https://gone.example.com", 0.2, 0.8, Duration.ofMinutes(2), 10,
                    Instant.now().minusSeconds(60)));
            live.start();
            driver.get(live.url("/"));
            waitUpTo(Duration.ofSeconds(15)).until(d -> "gone:DOWN,late:NO_DATA,steady:UP".equals(chips()));
            waitUpTo(Duration.ofSeconds(10)).until(d -> "DOWN".equals(rowStatus("gone")));
            assertThat(js("return document.querySelector(\"#views tr[data-site='steady'] td:nth-child(3)\").className"))
                    .isEqualTo("num avail-bad");

            live.registry.remove("gone");
            live.target(Target.of("fresh", "https://fresh.example.com", Duration.ofSeconds(10)));
            lateChecked.set(true);
            long changed = System.nanoTime();
            waitUpTo(Duration.ofSeconds(5)).withMessage(() -> "chips " + chips() + ", row of gone " + rowStatus("gone")
                    + ", row of late " + rowStatus("late")).until(d -> "fresh:NO_DATA,late:UP,steady:UP".equals(chips())
                    && "REMOVED".equals(rowStatus("gone")) && "UP".equals(rowStatus("late")));
            System.out.println("targets changed → page up to date in " + (System.nanoTime() - changed) / 1_000_000 + " ms");
            assertThat(js("return document.getElementById('count-down').textContent")).isEqualTo("0");
        }
    }

    /**
     * A chart joins its points only across the time of a few refreshes: where nothing was measured for longer (sitewatch
     * was stopped, its stats service was down) the line breaks, instead of drawing a slope from the last point before
     * to the first after as if the response time had moved steadily between them.
     */
    @Test
    void aChartLineBreaksWhereNothingWasMeasured() throws Exception {
        try (DashboardFixture gaps = new DashboardFixture(broker, "it-page-gaps", List.of(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(1))),
                new StatsServiceTestDouble().serve(DashboardPageIT::report))) {
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            List<ResponseTimeHistory.Point> points = new ArrayList<>();
            for (int ago = 1200; ago >= 900; ago -= 10) { // 20 to 15 minutes ago, then nothing for 10 minutes
                points.add(new ResponseTimeHistory.Point(now.minusSeconds(ago), 100.0, 150.0, 200.0, 1.0));
            }
            for (int ago = 300; ago >= 10; ago -= 10) { // from 5 minutes ago on
                points.add(new ResponseTimeHistory.Point(now.minusSeconds(ago), 900.0, 950.0, 990.0, 1.0));
            }
            gaps.server.dashboard().chartPoints().backfill("restarted", points);
            gaps.start();
            driver.get(gaps.url("/"));
            String canvas = "#charts .chart[data-site='restarted'] canvas";
            waitUpTo(Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector(canvas)).isEmpty());
            waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#views section")).size() == 1);
            // the points where the line starts again, for both lines (average and p95)
            assertThat(js("const ch = Chart.getChart(document.querySelector(arguments[0]));"
                    + " return [0, 1].map(i => ch.getDatasetMeta(i).data.map((p, n) => p.stop ? n : -1)"
                    + ".filter(n => n >= 0).map(n => ch.data.datasets[i].data[n].x))", canvas))
                    .isEqualTo(List.of(List.of(now.minusSeconds(300).toEpochMilli()),
                            List.of(now.minusSeconds(300).toEpochMilli())));
        }
    }

    /**
     * "No sites yet. Apply a config" is said only when the dashboard has read the targets topic and found it empty;
     * while the sites are still being read, or Kafka cannot be reached, the page says so instead of sending a user with
     * a full config to apply it again.
     */
    @Test
    void thePageSaysNoSitesOnlyWhenTheTargetsTopicWasReadAndIsEmpty() throws Exception {
        StatsServiceTestDouble stats = new StatsServiceTestDouble().serve(DashboardPageIT::report);
        int nobody = io.sitewatch.testing.FreePorts.loopback();
        DashboardServer unreachable = new DashboardServer(DashboardSettings.of(
                io.sitewatch.kafka.KafkaSettings.of("127.0.0.1:" + nobody), stats.url()).withTopics(
                new io.sitewatch.kafka.Topics("it-page-nokafka")).withViews(List.of(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(1)))));
        try {
            unreachable.start();
            driver.get("http://127.0.0.1:" + unreachable.port() + "/");
            // the stats arrive (they come from the stats service), the sites never do
            waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#views section tbody tr")).size() > 0);
            assertThat(visibleSitesMessage()).isEqualTo("Reading the sites from Kafka…");
        } finally {
            unreachable.close();
        }
        try (DashboardFixture empty = new DashboardFixture(broker, "it-page-empty", List.of(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(1))), stats)) {
            empty.start();
            driver.get(empty.url("/"));
            waitUpTo(Duration.ofSeconds(15)).until(d -> visibleSitesMessage().startsWith("No sites yet."));
            assertThat(visibleSitesMessage())
                    .isEqualTo("No sites yet. Apply a config with ./sitewatch targets apply config.json.");
        }
    }

    /**
     * EventSource reconnects by itself after a lost connection, but not after an HTTP error: a 503 (the dashboard
     * serves its most clients; its message says the page retries) or a 401 (the session ended) left the page
     * "reconnecting…" for good. The page is served here from its real files by a stub whose event stream answers
     * those errors first.
     */
    @Test
    void afterA503OrAnEndedSessionThePageTriesAgainOrAsksForTheToken() throws Exception {
        java.util.concurrent.atomic.AtomicInteger streams = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean sessionEnded = new java.util.concurrent.atomic.AtomicBoolean();
        com.sun.net.httpserver.HttpServer stub = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        stub.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        stub.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String file = path.equals("/") ? "index.html" : path.substring(1);
            try (var in = DashboardPageIT.class.getResourceAsStream("/public/" + file)) {
                byte[] body = in == null ? new byte[0] : in.readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", file.endsWith(".js") ? "text/javascript"
                        : file.endsWith(".css") ? "text/css" : "text/html");
                exchange.sendResponseHeaders(in == null ? 404 : 200, in == null ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        stub.createContext("/api/session", exchange -> {
            byte[] body = (sessionEnded.get() ? "{\"required\":true,\"granted\":false}"
                    : "{\"required\":false,\"granted\":true}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.createContext("/api/events", exchange -> {
            int n = streams.incrementAndGet();
            if (n == 1 || sessionEnded.get()) {
                byte[] body = "{\"status\":503}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(sessionEnded.get() ? 401 : 503, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            var out = exchange.getResponseBody();
            out.write(("event: sites\ndata: [{\"id\":\"shop\",\"url\":\"https://shop.example\",\"interval\":\"10s\","
                    + "\"timeout\":\"5s\",\"method\":\"GET\",\"status\":\"UP\",\"statusSince\":null,"
                    + "\"lastAlert\":null}]\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            if (n == 2) {
                exchange.close(); // then the stream ends: the session has ended meanwhile
                sessionEnded.set(true);
            }
        });
        stub.start();
        try {
            driver.get("http://127.0.0.1:" + stub.getAddress().getPort() + "/");
            // 503 first, then a stream that gives the sites and ends; every later try is a 401
            waitUpTo(Duration.ofSeconds(10)).until(d -> "shop:UP".equals(chips()));
            waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElement(By.id("login")).isDisplayed());
            assertThat(js("return document.getElementById('connection-text').textContent")).isEqualTo("token needed");
        } finally {
            stub.stop(0);
        }
    }

    /** The text of the sites card's message that is shown, or "" when none is. */
    static String visibleSitesMessage() {
        return (String) js("const p = [...document.querySelectorAll('.sites-card p.empty')].find(e => !e.hidden);"
                + " return p ? p.textContent : ''");
    }

    /** The chips as "site:STATUS,…" in page order. */
    static String chips() {
        return (String) js("return [...document.querySelectorAll('#site-chips li')]"
                + ".map(li => li.dataset.site + ':' + li.dataset.status).join(',')");
    }

    /** The status shown in the first view's row of {@code site}, or null when there is no such row. */
    static String rowStatus(String site) {
        return (String) js("const r = [...document.querySelectorAll('#views section tbody tr')]"
                + ".find(tr => tr.dataset.site === arguments[0]); return r ? r.querySelector('.status').dataset.status : null",
                site);
    }

    @Test
    void withAReadTokenThePageAsksForItOnceAndThenWorksLive() throws Exception {
        String readToken = "page-read-token-0123456789";
        try (DashboardFixture guarded = new DashboardFixture(broker, "it-page-token", List.of(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(1))),
                new StatsServiceTestDouble().serve(DashboardPageIT::report), readToken)) {
            guarded.target(Target.of("example", "https://example.com", Duration.ofSeconds(10)));
            guarded.start();
            driver.get(guarded.url("/"));
            waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("login")).isDisplayed());
            assertThat(driver.findElements(By.cssSelector("#site-chips li"))).isEmpty();

            driver.findElement(By.id("login-token")).sendKeys("not-the-token-0123456789");
            driver.findElement(By.cssSelector("#login button")).click();
            waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("login-error")).isDisplayed());

            driver.findElement(By.id("login-token")).clear();
            driver.findElement(By.id("login-token")).sendKeys(readToken);
            driver.findElement(By.cssSelector("#login button")).click();
            waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector("#site-chips li")).size() == 1);
            assertThat(driver.findElement(By.id("login")).isDisplayed()).isFalse();

            Alert alert = Alert.down("example", "https://example.com", 0.4, 0.8, Duration.ofMinutes(2), 10, Instant.now());
            guarded.produce(alert);
            waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("#alert-log li")).stream()
                    .anyMatch(li -> alert.id().equals(li.getAttribute("data-alert-id"))));
            assertThat(js("return document.cookie")).as("the session cookie is HttpOnly").isEqualTo("");
            assertThat(js("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)"))
                    .asString().doesNotContain(readToken);
        }
    }

    /** Reads in one script call: the tables re-render every second, so element handles go stale. */
    static Object js(String script, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script, args);
    }

    @SuppressWarnings("unchecked")
    static List<String> texts(String selector) {
        return (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", selector);
    }

    static void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
