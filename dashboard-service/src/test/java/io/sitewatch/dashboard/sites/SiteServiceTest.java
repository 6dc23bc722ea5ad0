package io.sitewatch.dashboard.sites;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.model.Alert;
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
        assertThat(SiteService.status(DOWN, T.plusSeconds(5))).isEqualTo(SiteStatus.DOWN);
        assertThat(SiteService.status(RECOVERED, null)).isEqualTo(SiteStatus.UP);
        assertThat(SiteService.status(NO_DATA, T.minusSeconds(5))).isEqualTo(SiteStatus.NO_DATA);
        assertThat(SiteService.status(NO_DATA, T.plusSeconds(5))).isEqualTo(SiteStatus.UP);
        assertThat(SiteService.status(null, T)).isEqualTo(SiteStatus.UP);
        assertThat(SiteService.status(null, null)).isEqualTo(SiteStatus.NO_DATA);
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
