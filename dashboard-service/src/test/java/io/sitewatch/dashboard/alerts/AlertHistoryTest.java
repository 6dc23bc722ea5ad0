package io.sitewatch.dashboard.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitewatch.model.Alert;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertHistoryTest {
    static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");

    static Alert down(String site, int second) {
        return Alert.down(site, "https://" + site, 0.5, 0.8, Duration.ofMinutes(2), 10, T0.plusSeconds(second));
    }

    @Test
    void keepsTheNewestByAlertTimeWhateverTheArrivalOrder() {
        AlertHistory h = new AlertHistory(3);
        h.add(down("a", 30));
        h.add(down("b", 10)); // another partition, read later
        h.add(down("c", 40));
        h.add(down("d", 20));
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.evicted()).as("full: the oldest by alert time left").isEqualTo(1);
        assertThat(h.newest(10, null)).extracting(Alert::site).containsExactly("c", "a", "d");
        assertThat(h.newest(1, null)).extracting(Alert::site).containsExactly("c");
        assertThat(h.newest(10, "a")).hasSize(1);
    }

    @Test
    void aReplayedAlertCountsOnceAndTheLatestPerSiteSurvivesEviction() {
        AlertHistory h = new AlertHistory(1);
        assertThat(h.add(down("a", 10))).isTrue();
        assertThat(h.add(down("a", 10))).isFalse();
        h.add(down("b", 20));
        assertThat(h.newest(10, null)).extracting(Alert::site).containsExactly("b");
        assertThat(h.latestBySite()).containsKeys("a", "b");
        h.add(Alert.recovered("b", "https://b", 0.9, 0.8, Duration.ofMinutes(2), 10, T0.plusSeconds(5), T0));
        assertThat(h.latestBySite().get("b").time()).isEqualTo(T0.plusSeconds(20)); // an older alert does not win
    }

    @Test
    void theLatestDownOrRecoveredPerSiteIsKeptBesideTheLatestAlert() {
        AlertHistory h = new AlertHistory(1);
        h.add(down("a", 10));
        h.add(Alert.noData("a", "https://a", 0.8, Duration.ofMinutes(2), T0.plusSeconds(40), T0.plusSeconds(10)));
        h.add(down("b", 50)); // evicts both of a's
        assertThat(h.latestBySite().get("a").type()).isEqualTo(io.sitewatch.model.AlertType.NO_DATA);
        assertThat(h.latestUpDownBySite().get("a")).isEqualTo(down("a", 10));
        h.add(Alert.recovered("a", "https://a", 0.9, 0.8, Duration.ofMinutes(2), 10, T0.plusSeconds(5), T0));
        assertThat(h.latestUpDownBySite().get("a")).as("an older alert does not win").isEqualTo(down("a", 10));
        assertThat(h.latestUpDownBySite()).doesNotContainKey("c");
    }

    @Test
    void alertsEvictedLongAgoAreNotNewsWhenTheTopicIsReadAgain() {
        AlertHistory h = new AlertHistory(2);
        assertThat(h.add(down("a", 10))).isTrue();
        assertThat(h.add(down("b", 20))).isTrue();
        assertThat(h.add(down("c", 30))).isTrue(); // a leaves
        assertThat(h.evicted()).isEqualTo(1);
        // the follower reconnects and reads the topic from its beginning again
        assertThat(h.add(down("a", 10))).as("evicted long ago: not pushed again").isFalse();
        assertThat(h.add(down("b", 20))).isFalse();
        assertThat(h.add(down("c", 30))).isFalse();
        assertThat(h.newest(10, null)).extracting(Alert::site).containsExactly("c", "b");
        assertThat(h.evicted()).isEqualTo(1);
        assertThat(h.latestBySite()).containsKeys("a", "b", "c");
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new AlertHistory(0)).hasMessage("history size must be at least 1, was 0");
    }
}
