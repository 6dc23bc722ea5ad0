package io.sitewatch.dashboard.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.model.SiteStats;
import io.sitewatch.model.StatsReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart history's bounds: points per site, and sites that left the stats. */
class ResponseTimeHistoryTest {
    static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");

    static ViewSnapshot snapshot(int second, String... sites) {
        List<SiteStats> stats = Arrays.stream(sites).map(s -> new SiteStats(s, 1, 1, 1.0,
                new SiteStats.Timing(10.0, 20.0, 10.0, 15.0, 20.0), SiteStats.Timing.EMPTY, Map.of("200", 1L),
                Map.of(), T0, T0)).toList();
        Instant at = T0.plusSeconds(second);
        return new ViewSnapshot(Duration.ofMinutes(10), Duration.ofSeconds(10),
                new StatsReport(Duration.ofMinutes(10), at.minusSeconds(600), at, stats), at, at, null, false);
    }

    @Test
    void keepsTheLatestPointsPerSiteAndDropsSitesGoneForAWholeSpan() {
        ResponseTimeHistory h = new ResponseTimeHistory(3);
        h.record(snapshot(10, "a", "gone"));
        for (int i = 2; i <= 5; i++) {
            h.record(snapshot(10 * i, "a"));
        }
        assertThat(h.all().get("a")).hasSize(3).extracting(ResponseTimeHistory.Point::time)
                .containsExactly(T0.plusSeconds(30), T0.plusSeconds(40), T0.plusSeconds(50));
        assertThat(h.all()).doesNotContainKey("gone");
        assertThat(h.sites()).isEqualTo(1);
    }

    @Test
    void aSiteMissingFromFewerSnapshotsThanTheSpanStays() {
        ResponseTimeHistory h = new ResponseTimeHistory(3);
        h.record(snapshot(10, "a", "flaky"));
        h.record(snapshot(20, "a"));
        h.record(snapshot(30, "a"));
        assertThat(h.all()).containsKey("flaky");
        h.record(snapshot(40, "a"));
        assertThat(h.all()).doesNotContainKey("flaky");
    }
}
