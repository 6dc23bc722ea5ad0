package io.sitewatch.stats.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.json.Json;
import io.sitewatch.model.SiteStats;
import io.sitewatch.model.StatsReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    @Test
    void writesTheSameBytesAsTheMapperWhateverTheNumberOfSites() {
        Random random = new Random(5);
        for (int n : new int[] {0, 1, 1_999, 2_000, 2_001, 3_999, 4_001, 10_000}) {
            List<SiteStats> sites = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sites.add(site(random, i));
            }
            StatsReport report = new StatsReport(Duration.ofHours(1), Instant.parse("2026-12-01T09:00:00Z"),
                    Instant.parse("2026-12-01T10:00:00Z"), sites);
            assertThat(new String(ReportJson.write(report))).as("%d sites", n)
                    .isEqualTo(new String(Json.writeBytes(report)));
        }
    }

    private static SiteStats site(Random random, int i) {
        if (random.nextInt(10) == 0) { // only overload records: no availability, no timings
            return new SiteStats("site-" + i, 3, 0, null, SiteStats.Timing.EMPTY, SiteStats.Timing.EMPTY, Map.of(),
                    Map.of("PROBER_OVERLOADED", 3L), Instant.parse("2026-12-01T09:59:58.123Z"), null);
        }
        double avg = random.nextDouble() * 500;
        return new SiteStats("site-\"" + i + "</script>", 360, 350, random.nextDouble(),
                new SiteStats.Timing(avg, avg * 3, avg, avg * 2, avg * 2.5),
                new SiteStats.Timing(avg / 3, avg, null, null, null), Map.of("200", 340L, "503", 10L),
                Map.of("STATUS", 10L), Instant.parse("2026-12-01T09:59:58Z"), Instant.parse("2026-12-01T09:59:48.5Z"));
    }
}
