package io.sitewatch.dashboard.sites;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.dashboard.alerts.AlertHistory;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.Target;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SiteServiceTest {
    static final Instant T = Instant.parse("2026-11-22T05:00:00Z");
    static final Alert DOWN = Alert.down("a", "https://a", 0.5, 0.8, Duration.ofMinutes(2), 10, T);
    static final Alert RECOVERED = Alert.recovered("a", "https://a", 0.9, 0.8, Duration.ofMinutes(2), 10, T, T);
    static final Alert NO_DATA = Alert.noData("a", "https://a", 0.8, Duration.ofMinutes(2), T, null);

    @Test
    void statusComesFromTheLatestAlertThenFromChecks() {
        assertThat(SiteService.status(DOWN, DOWN, T.plusSeconds(5))).isEqualTo(SiteStatus.DOWN);
        assertThat(SiteService.status(RECOVERED, RECOVERED, null)).isEqualTo(SiteStatus.UP);
        assertThat(SiteService.status(NO_DATA, null, T.minusSeconds(5))).isEqualTo(SiteStatus.NO_DATA);
        assertThat(SiteService.status(NO_DATA, null, T.plusSeconds(5))).isEqualTo(SiteStatus.UP);
        assertThat(SiteService.status(null, null, T)).isEqualTo(SiteStatus.UP);
        assertThat(SiteService.status(null, null, null)).isEqualTo(SiteStatus.NO_DATA);
    }

    @Test
    void aDownSiteWhoseChecksCameBackAfterANoDataIsStillDown() {
        // DOWN, then the probers went silent (NO_DATA, which never changes UP/DOWN), then checks again: the alerter
        // still holds the site DOWN and sends no second DOWN, so the page must not turn it UP
        Alert down = Alert.down("a", "https://a", 0.5, 0.8, Duration.ofMinutes(2), 10, T.minusSeconds(60));
        assertThat(SiteService.status(NO_DATA, down, T.minusSeconds(5))).isEqualTo(SiteStatus.NO_DATA);
        assertThat(SiteService.status(NO_DATA, down, T.plusSeconds(5))).isEqualTo(SiteStatus.DOWN);
        Alert recovered = Alert.recovered("a", "https://a", 0.9, 0.8, Duration.ofMinutes(2), 10, T.minusSeconds(30),
                T.minusSeconds(60));
        assertThat(SiteService.status(NO_DATA, recovered, T.plusSeconds(5))).isEqualTo(SiteStatus.UP);
    }

    @Test
    void theAlertHistoryKeepsTheDownBehindALaterNoData() {
        AlertHistory history = new AlertHistory(10);
        history.add(Alert.down("a", "https://a", 0.5, 0.8, Duration.ofMinutes(2), 10, T.minusSeconds(60)));
        history.add(NO_DATA);
        assertThat(history.latestBySite().get("a").type()).isEqualTo(AlertType.NO_DATA);
        assertThat(history.latestUpDownBySite().get("a").type()).isEqualTo(AlertType.DOWN);
    }

    @Test
    void theThresholdIsTheSitesOwnThenItsLatestAlertsThenUnknown() {
        Target plain = Target.of("a", "https://a", Duration.ofSeconds(10));
        Target strict = new Target("a", "https://a", Duration.ofSeconds(10), null, null, null, null, true, 5,
                new AlertingPolicy(0.95, null, null), null);
        Alert downAt90 = Alert.down("a", "https://a", 0.5, 0.9, Duration.ofMinutes(2), 10, T);
        assertThat(SiteService.threshold(strict, downAt90)).isEqualTo(0.95);
        assertThat(SiteService.threshold(plain, downAt90)).isEqualTo(0.9);
        assertThat(SiteService.threshold(plain, null)).isNull();
    }
}
