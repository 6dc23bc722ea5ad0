package io.sitewatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.dashboard.stats.StatsClient;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.StatsReport;
import io.sitewatch.stats.api.Health;
import io.sitewatch.stats.api.StatsApp;
import io.sitewatch.stats.api.StatsQueries;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's stats client against the real stats service API (memory store, loopback): what one team's service
 * answers, the other's client reads. The dashboard's own tests use a test double of the stats service; this is where
 * the two are held to one format.
 */
class DashboardReadsStatsServiceTest {
    private final Instant now = Instant.now();
    private final InMemoryMeasurementStore store = new InMemoryMeasurementStore(Duration.ofHours(24),
            Duration.ofSeconds(10), Clock.systemUTC());
    private Javalin stats;
    private StatsClient client;

    @BeforeEach
    void start() {
        store.write(List.of(check("shop", 90, 120.0), check("shop", 30, 80.0)));
        stats = StatsApp.create(new StatsQueries(store, Clock.systemUTC()),
                new Health(store, () -> Map.of("state", "running"), Clock.systemUTC()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start("127.0.0.1", 0);
        client = new StatsClient(URI.create("http://127.0.0.1:" + stats.port()), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        stats.stop();
    }

    private Measurement check(String site, int secondsAgo, double ms) {
        Instant t = now.minusSeconds(secondsAgo);
        return new Measurement(site + "/" + t, site, "https://" + site + ".example/", "p1", "default", t, true, 200, ms,
                ms / 2, 1.0, 2.0, 3.0, 100L, null);
    }

    @Test
    void theStatsViewIsReadFromTheStatsService() throws Exception {
        StatsReport report = client.fetch(Duration.ofMinutes(10));
        assertThat(report.sites()).singleElement().satisfies(s -> {
            assertThat(s.site()).isEqualTo("shop");
            assertThat(s.checks()).isEqualTo(2);
            assertThat(s.responseMs().avg()).isEqualTo(100.0);
        });
    }

    @Test
    void theChartBackfillReadsTheStatsServiceSeries() throws Exception {
        List<StatsClient.SeriesPoint> points = client.series("shop", Duration.ofHours(1), Duration.ofSeconds(10));
        assertThat(points).hasSize(360);
        assertThat(points).filteredOn(p -> p.stats().checks() > 0)
                .extracting(p -> p.stats().responseMs().avg())
                .containsExactly(120.0, 80.0);
    }
}
