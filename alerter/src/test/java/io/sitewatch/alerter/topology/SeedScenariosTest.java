package io.sitewatch.alerter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.alerter.Checks;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Target;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The six scenarios of DESIGN.md, each on the real topology. Defaults: W = 2m, threshold 0.80, interval 10s,
 * so minSamples = 6. Checks every 10 s from T0.
 */
class SeedScenariosTest {
    private static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");
    private static final Duration W = Duration.ofMinutes(2);
    private final Checks c = Checks.at(T0).site("shop");
    private final AlerterDriver d = new AlerterDriver();

    @AfterEach
    void close() {
        d.close();
    }

    @Test
    void noRecordsNothing() {
        d.register(Target.of("shop", c.url(), Duration.ofSeconds(10)));
        d.advanceWallClock(Duration.ofMinutes(10));
        assertThat(d.alerts()).isEmpty();
        assertThat(d.siteStates().approximateNumEntries()).isZero();
    }

    @Test
    void tooFewSamplesAndBelowThresholdNothing() {
        d.send(c.down(0), c.down(10), c.down(20), c.down(30), c.down(40));
        assertThat(d.alerts()).isEmpty();
    }

    @Test
    void enoughSamplesAboveThresholdWhileUpNothing() {
        for (int i = 0; i < 12; i++) {
            d.send(i == 3 || i == 9 ? c.down(i * 10) : c.up(i * 10)); // 10 of 12 up = 83%
        }
        assertThat(d.alerts()).isEmpty();
    }

    @Test
    void enoughSamplesBelowThresholdWhileUpIsDown() {
        d.send(c.up(0), c.up(10), c.up(20), c.up(30), c.down(40), c.down(50));
        assertThat(d.alerts()).containsExactly(Alert.down("shop", c.url(), 4 / 6.0, 0.80, W, 6, c.time(50)));
        assertThat(d.alerts.getQueueSize()).isZero();
    }

    @Test
    void enoughSamplesBelowThresholdWhileDownNothingMore() {
        d.send(c.up(0), c.up(10), c.up(20), c.up(30), c.down(40), c.down(50));
        assertThat(d.alerts()).hasSize(1);
        for (int t = 60; t < 300; t += 10) {
            d.send(c.down(t));
        }
        assertThat(d.alerts()).isEmpty();
    }

    @Test
    void enoughSamplesAtOrAboveThresholdWhileDownIsRecovered() {
        d.send(c.up(0), c.up(10), c.up(20), c.up(30), c.down(40), c.down(50));
        assertThat(d.alerts()).hasSize(1);
        d.send(c.up(60), c.up(70), c.up(80)); // 5/7, 6/8, 7/9: still below
        assertThat(d.alerts()).isEmpty();
        d.send(c.up(90)); // 8 of 10 = 80%: at the threshold counts as up
        Alert recovered = Alert.recovered("shop", c.url(), 0.8, 0.80, W, 10, c.time(90), c.time(50));
        assertThat(d.alerts()).containsExactly(recovered);
        assertThat(recovered.message()).isEqualTo(
                "Website shop recovered. availability=80%, time=2026-11-22T05:01:30Z, down for 40s");
    }
}
