package io.sitewatch.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "10s,10000", "2m,120000", "1h,3600000", "1d,86400000", "1m30s,90000",
            "PT10S,10000", "pt1m,60000", "0s,0", " 10S ,10000"})
    void parses(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "10", "10x", "s", "1.5s", "-1s", "PTX", "10 s"})
    void rejectsWithTheExpectedForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("must be a duration like 500ms, 10s, 2m, 1h or PT10S, was \"");
    }

    @Test
    void rejectsOverflow() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d")).hasMessageContaining("too large");
    }

    @ParameterizedTest
    @CsvSource({"500,500ms", "10000,10s", "120000,2m", "90000,1m30s", "3600000,1h", "1500,1500ms",
            "86400000,1d", "0,0s", "3723000,1h2m3s"})
    void formatsShortestReadableForm(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
