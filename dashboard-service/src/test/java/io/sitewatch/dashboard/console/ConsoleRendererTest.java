package io.sitewatch.dashboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.model.Alert;
import io.sitewatch.model.StatsReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import io.sitewatch.dashboard.sites.SiteStatus;
import io.sitewatch.dashboard.sites.SiteView;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class ConsoleRendererTest {
    static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");
    final ConsoleRenderer renderer = new ConsoleRenderer("http://127.0.0.1:8080", ZoneOffset.UTC);

    static ViewSnapshot view(Duration window, Duration refresh, String error) {
        StatsReport r = new StatsReport(window, NOW.minus(window), NOW, List.of(
                StatsServiceTestDouble.site("example", 1.0, 102, 410, 170),
                StatsServiceTestDouble.site("api\u001b[2J", 0.58, 640, 5000, 2100)));
        return new ViewSnapshot(window, refresh, r, NOW.minusSeconds(3), NOW, error, error != null);
    }

    static String text(List<AttributedString> lines) {
        return String.join("\n", lines.stream().map(AttributedString::toString).toList());
    }

    @Test
    void theScreenShowsEveryViewAndTheAlertsNewestFirstWithinTheTerminalSize() {
        ConsoleModel model = new ConsoleModel();
        model.connection(true, null);
        model.view(view(Duration.ofHours(1), Duration.ofMinutes(1), null));
        model.view(view(Duration.ofMinutes(10), Duration.ofSeconds(10), "the stats service answered HTTP 503"));
        model.alert(Alert.down("example", "https://example.com", 0.5, 0.8, Duration.ofMinutes(2), 12, NOW.minusSeconds(600)));
        model.alert(Alert.recovered("example", "https://example.com", 0.9, 0.8, Duration.ofMinutes(2), 12,
                NOW.minusSeconds(60), NOW.minusSeconds(600)));

        List<AttributedString> lines = renderer.render(model, 120, 30, NOW);
        String screen = text(lines);
        assertThat(lines).hasSize(30);
        assertThat(lines).allMatch(l -> l.columnLength() <= 120);
        assertThat(screen).contains("sitewatch", "● live", "06:00:00");
        assertThat(screen.indexOf("Past 10 minutes")).isLessThan(screen.indexOf("Past hour"));
        assertThat(screen).contains("every 10s · updated 3s ago  STALE: the stats service answered HTTP 503");
        assertThat(screen).contains("100%", "58%", "102ms", "410ms", "170ms", "5.00s", "200×57 503×3");
        assertThat(screen).doesNotContain("\u001b").contains("api?[2J");
        int recovered = screen.indexOf("Website example recovered.");
        int down = screen.indexOf("Website example is down.");
        assertThat(recovered).isPositive().isLessThan(down);
        assertThat(screen).contains("UP      "); // status from the latest alert
    }

    @Test
    void aSmallTerminalKeepsTheTitleAndTheFooter() {
        ConsoleModel model = new ConsoleModel();
        model.connection(false, "cannot reach the dashboard (ConnectException)");
        List<AttributedString> lines = renderer.render(model, 50, 8, NOW);
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0).toString()).contains("reconnecting");
        assertThat(lines.get(1).toString()).startsWith("cannot reach the dashboard");
        assertThat(lines.get(7).toString()).startsWith("q quit");
    }

    @Test
    void aViewNotRefreshedForTwoAndAHalfPeriodsIsStaleAsOnThePage() {
        ConsoleModel model = new ConsoleModel();
        model.connection(true, null);
        model.view(view(Duration.ofMinutes(10), Duration.ofSeconds(10), null)); // updated 3 s before NOW
        assertThat(text(renderer.render(model, 120, 30, NOW))).contains("updated 3s ago").doesNotContain("STALE");
        assertThat(text(renderer.render(model, 120, 30, NOW.plusSeconds(22)))).contains("updated 25s ago")
                .doesNotContain("STALE");
        assertThat(text(renderer.render(model, 120, 30, NOW.plusSeconds(23)))).contains("updated 26s ago  STALE");
    }

    @Test
    void anEightyColumnTerminalShowsWholeSiteNamesAndTheCodesAndGivesUpTheTtfbColumns() {
        ConsoleModel model = new ConsoleModel();
        model.connection(true, null);
        StatsReport r = new StatsReport(Duration.ofMinutes(10), NOW.minusSeconds(600), NOW, List.of(
                StatsServiceTestDouble.site("www-example-net", 1.0, 102, 410, 170),
                StatsServiceTestDouble.site("www-example-org", 0.58, 640, 5000, 2100)));
        model.view(new ViewSnapshot(Duration.ofMinutes(10), Duration.ofSeconds(10), r, NOW, NOW, null, false));

        List<AttributedString> lines = renderer.render(model, 80, 24, NOW);
        String screen = text(lines);
        assertThat(lines).allMatch(l -> l.columnLength() <= 80);
        assertThat(screen).contains("www-example-net", "www-example-org", "200×57 503×3")
                .contains("AVAIL", "AVG", "MAX", "P95", "CODES").doesNotContain("TTFB");
        assertThat(screen).contains("58%", "640ms", "5.00s", "2.10s");

        String wide = text(renderer.render(model, 132, 40, NOW));
        assertThat(wide).contains("TTFB AVG", "TTFB MAX", "www-example-net", "200×57 503×3");
    }

    @Test
    void formatsLikeThePage() {
        assertThat(ConsoleRenderer.percent(2 / 3.0)).isEqualTo("66.67%");
        assertThat(ConsoleRenderer.percent(null)).isEqualTo("no data");
        assertThat(ConsoleRenderer.ms(1234.0)).isEqualTo("1.23s");
        assertThat(ConsoleRenderer.viewTitle(Duration.ofHours(2))).isEqualTo("Past 2 hours");
    }

    @Test
    void availabilityIsRedBelowTheSitesOwnThresholdNotAFixedOne() {
        ConsoleModel model = new ConsoleModel();
        model.connection(true, null);
        StatsReport r = new StatsReport(Duration.ofMinutes(10), NOW.minusSeconds(600), NOW, List.of(
                StatsServiceTestDouble.site("strict", 0.9, 100, 200, 150),
                StatsServiceTestDouble.site("relaxed", 0.9, 100, 200, 150)));
        model.view(new ViewSnapshot(Duration.ofMinutes(10), Duration.ofSeconds(10), r, NOW, NOW, null, false));
        model.sites(List.of(
                new SiteView("strict", "https://strict", Duration.ofSeconds(10), null, "GET", SiteStatus.DOWN, NOW,
                        "Website strict is down. availability=90%, time=" + NOW, 0.95),
                new SiteView("relaxed", "https://relaxed", Duration.ofSeconds(10), null, "GET", SiteStatus.UP, null,
                        null, null)));
        List<AttributedString> lines = renderer.render(model, 120, 30, NOW);
        assertThat(availabilityStyle(lines, "strict")).isEqualTo(ConsoleRenderer.RED);
        assertThat(availabilityStyle(lines, "relaxed")).as("the default 0.8: 90% is a warning")
                .isEqualTo(ConsoleRenderer.YELLOW);
    }

    private static AttributedStyle availabilityStyle(List<AttributedString> lines, String site) {
        AttributedString row = lines.stream().filter(l -> l.toString().startsWith(site + " ")).findFirst().orElseThrow();
        return row.styleAt(row.toString().indexOf("90%"));
    }
}
