package io.sitewatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertMessagesTest {
    private static final Instant T = Instant.parse("2026-11-22T10:15:30Z");

    @ParameterizedTest
    @CsvSource({"0.75,75%", "0.6666666666,66.67%", "0.805,80.5%", "1,100%", "0,0%", "0.99999,100%", "0.123456,12.35%"})
    void percentHasAtMostTwoDecimals(double availability, String text) {
        assertThat(AlertMessages.percent(availability)).isEqualTo(text);
    }

    @Test
    void downMessageIsTheContractFormat() {
        Alert a = Alert.down("example", "https://example.com", 0.75, 0.8, Duration.ofMinutes(2), 12, T);
        assertThat(a.message()).isEqualTo("Website example is down. availability=75%, time=2026-11-22T10:15:30Z");
        assertThat(a.id()).isEqualTo("example/DOWN/" + T.toEpochMilli());
        assertThat(a.type()).isEqualTo(AlertType.DOWN);
    }

    @Test
    void recoveredMessageSaysHowLong() {
        Alert a = Alert.recovered("api", "https://api", 2.0 / 3, 0.8, Duration.ofMinutes(2), 3, T,
                T.minusSeconds(200));
        assertThat(a.message()).isEqualTo(
                "Website api recovered. availability=66.67%, time=2026-11-22T10:15:30Z, down for 3m20s");
        assertThat(a.downSince()).isEqualTo(T.minusSeconds(200));
    }

    @Test
    void defaultMinSamplesFollowsTheRule() {
        assertThat(AlertingPolicy.defaultMinSamples(Duration.ofMinutes(2), Duration.ofSeconds(10))).isEqualTo(6);
        assertThat(AlertingPolicy.defaultMinSamples(Duration.ofMinutes(2), Duration.ofSeconds(7))).isEqualTo(9);
        assertThat(AlertingPolicy.defaultMinSamples(Duration.ofMinutes(1), Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(AlertingPolicy.defaultMinSamples(Duration.ofMinutes(1), Duration.ofMinutes(5))).isEqualTo(1);
    }

    @Test
    void resolveLayersSiteOverServiceDefaults() {
        var site = new AlertingPolicy(0.95, null, null);
        var service = new AlertingPolicy(0.5, Duration.ofMinutes(4), 3);
        assertThat(site.resolve(service, Duration.ofSeconds(10)))
                .isEqualTo(new AlertingPolicy.EffectiveAlerting(0.95, Duration.ofMinutes(4), 3));
        assertThat(AlertingPolicy.NONE.resolve(AlertingPolicy.NONE, Duration.ofSeconds(10)))
                .isEqualTo(new AlertingPolicy.EffectiveAlerting(0.8, Duration.ofMinutes(2), 6));
    }
}
