package io.sitewatch.canary.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class SiteBehaviorTest {

    @Test
    void defaultsDescribeAHealthySite() {
        SiteBehavior ok = SiteBehavior.ok();

        assertThat(ok.statuses()).containsExactly(200);
        assertThat(ok.latency()).isZero();
        assertThat(ok.body()).isEqualTo("ok");
        assertThat(ok.fault()).isEqualTo(SiteBehavior.Fault.NONE);
        assertThat(ok.downMode()).isEqualTo(SiteBehavior.DownMode.STATUS_503);
    }

    @Test
    void outageIsHalfOpen() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        SiteBehavior behavior = SiteBehavior.builder().outage(from, from.plusSeconds(60)).build();

        assertThat(behavior.inOutage(from.minusMillis(1))).isFalse();
        assertThat(behavior.inOutage(from)).isTrue();
        assertThat(behavior.inOutage(from.plusSeconds(60))).isFalse();
    }

    @Test
    void toBuilderKeepsEverythingElse() {
        SiteBehavior slow = SiteBehavior.latency(Duration.ofMillis(200));

        SiteBehavior slowAndBroken = slow.toBuilder().status(500).build();

        assertThat(slowAndBroken.latency()).isEqualTo(Duration.ofMillis(200));
        assertThat(slowAndBroken.statuses()).containsExactly(500);
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldAndValue() {
        assertThatThrownBy(() -> SiteBehavior.status(99)).hasMessage("status must be 200..599, was 99");
        assertThatThrownBy(() -> SiteBehavior.statusSequence()).hasMessage("statuses must not be empty");
        assertThatThrownBy(() -> SiteBehavior.latency(Duration.ofMillis(-1)))
                .hasMessage("latency must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> SiteBehavior.builder().bodySize(-2).build())
                .hasMessageContaining("bodySize").hasMessageContaining("-2");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> SiteBehavior.builder().outage(t, t).build())
                .hasMessageContaining("outage until must be after from");
    }

    @Test
    void siteNamesMustBePathSegments() {
        SimulatedSites sites = new SimulatedSites();

        assertThatThrownBy(() -> sites.define("a/b", SiteBehavior.ok())).hasMessageContaining("a/b");
        assertThatThrownBy(() -> sites.define("", SiteBehavior.ok())).isInstanceOf(IllegalArgumentException.class);
    }
}
