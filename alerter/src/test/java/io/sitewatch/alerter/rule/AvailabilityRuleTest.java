package io.sitewatch.alerter.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitewatch.model.AlertType;
import io.sitewatch.model.AlertingPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AvailabilityRuleTest {
    private final AvailabilityRule rule = AvailabilityRule.resolve(null, AlertingPolicy.NONE, Duration.ofSeconds(10));

    @Test
    void defaultsAreThreshold80PercentWindowTwoMinutesAndHalfTheChecksOfTheWindow() {
        assertThat(rule.threshold()).isEqualTo(0.80);
        assertThat(rule.window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(rule.minSamples()).isEqualTo(6); // (120s / 10s) / 2
        assertThat(AvailabilityRule.resolve(null, AlertingPolicy.NONE, Duration.ofSeconds(25)).minSamples())
                .isEqualTo(3); // ceil(4.8 / 2)
        assertThat(AvailabilityRule.resolve(null, AlertingPolicy.NONE, Duration.ofMinutes(10)).minSamples())
                .isEqualTo(1); // never below 1
    }

    @Test
    void siteOverridesWinOverServiceDefaults() {
        AvailabilityRule r = AvailabilityRule.resolve(new AlertingPolicy(0.95, null, null),
                new AlertingPolicy(0.5, Duration.ofMinutes(1), null), Duration.ofSeconds(5));
        assertThat(r.threshold()).isEqualTo(0.95);
        assertThat(r.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.minSamples()).isEqualTo(6);
    }

    @Test
    void tooFewSamplesNeverTransition() {
        assertThat(rule.decide(SiteStatus.UP, new WindowStats(0, 5))).isNull();
        assertThat(rule.decide(SiteStatus.DOWN, new WindowStats(5, 5))).isNull();
    }

    @Test
    void belowThresholdWhileUpIsDown() {
        assertThat(rule.decide(SiteStatus.UP, new WindowStats(4, 6))).isEqualTo(AlertType.DOWN);
        assertThat(rule.decide(SiteStatus.DOWN, new WindowStats(4, 6))).isNull();
    }

    @Test
    void atOrAboveThresholdWhileDownIsRecovered() {
        assertThat(rule.decide(SiteStatus.DOWN, new WindowStats(8, 10))).isEqualTo(AlertType.RECOVERED);
        assertThat(rule.decide(SiteStatus.DOWN, new WindowStats(10, 10))).isEqualTo(AlertType.RECOVERED);
        assertThat(rule.decide(SiteStatus.UP, new WindowStats(10, 10))).isNull();
    }

    @Test
    void exactlyAtTheThresholdCountsAsUpEvenWhereDoublesWouldRoundBelow() {
        assertThat(rule.isBelowThreshold(new WindowStats(8, 10))).isFalse();
        assertThat(rule.isBelowThreshold(new WindowStats(4, 5))).isFalse();
        assertThat(rule.isBelowThreshold(new WindowStats(7, 9))).isTrue();
        AvailabilityRule r = new AvailabilityRule(0.7, Duration.ofMinutes(2), 1);
        assertThat(r.isBelowThreshold(new WindowStats(7, 10))).isFalse();
        assertThat(r.isBelowThreshold(new WindowStats(69, 100))).isTrue();
        AvailabilityRule third = new AvailabilityRule(0.29, Duration.ofMinutes(2), 1);
        assertThat(third.isBelowThreshold(new WindowStats(29, 100))).isFalse(); // 0.29 * 100 = 28.999… in doubles
        assertThat(rule.decide(SiteStatus.UP, new WindowStats(8, 10))).isNull();
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> new AvailabilityRule(0, Duration.ofMinutes(1), 1)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new AvailabilityRule(0.8, Duration.ZERO, 1)).hasMessageContaining("window");
        assertThatThrownBy(() -> new AvailabilityRule(0.8, Duration.ofMinutes(1), 0)).hasMessageContaining("minSamples");
    }
}
