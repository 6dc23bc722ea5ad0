package io.sitewatch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitewatch.model.Alert;
import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import io.sitewatch.model.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
    private static final Instant T = Instant.parse("2026-11-22T10:15:30.250Z");

    @Test
    void measurementRoundTripsWithContractFieldNames() {
        var serde = new JsonSerde<>(Measurement.class);
        Measurement m = new Measurement("id-1", "example", "https://example.com", "p1", "default", T, false, 503,
                12.5, 3.25, 1.0, 2.0, null, 42L, new MeasurementError(ErrorClass.STATUS, "status 503"));
        byte[] bytes = serde.serialize("t", m);
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertThat(json).contains("\"time\":\"2026-11-22T10:15:30.250Z\"", "\"error\":{\"class\":\"STATUS\"",
                "\"tlsMs\":null", "\"up\":false");
        assertThat(serde.deserialize("t", bytes)).isEqualTo(m);
    }

    @Test
    void unknownFieldsAreIgnoredOnRead() {
        var serde = new JsonSerde<>(Measurement.class);
        String json = "{\"id\":\"x\",\"site\":\"s\",\"time\":\"2026-11-22T10:15:30Z\",\"up\":true,\"future\":1}";
        assertThat(serde.deserialize("t", json.getBytes(StandardCharsets.UTF_8)).up()).isTrue();
    }

    @Test
    void targetDurationsAreHumanStrings() {
        var serde = new JsonSerde<>(Target.class);
        Target t = Target.of("example", "https://example.com", Duration.ofSeconds(30));
        String json = new String(serde.serialize("t", t), StandardCharsets.UTF_8);
        assertThat(json).contains("\"interval\":\"30s\"", "\"timeout\":\"5s\"");
        assertThat(json).as("no derived properties on the topic").doesNotContain("\"empty\"");
        assertThat(serde.deserialize("t", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(t);
    }

    @Test
    void aTargetWrittenThroughTheApiCarriesItsSourceAndOlderRecordsReadAsConfigTargets() {
        var serde = new JsonSerde<>(Target.class);
        Target config = Target.of("example", "https://example.com", Duration.ofSeconds(30));
        String configJson = new String(serde.serialize("t", config), StandardCharsets.UTF_8);
        assertThat(configJson).doesNotContain("source");
        assertThat(serde.deserialize("t", configJson.getBytes(StandardCharsets.UTF_8)).addressGuarded()).isFalse();

        Target api = config.fromApi();
        String apiJson = new String(serde.serialize("t", api), StandardCharsets.UTF_8);
        assertThat(apiJson).contains("\"source\":\"api\"");
        Target read = serde.deserialize("t", apiJson.getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(api);
        assertThat(read.addressGuarded()).isTrue();
        assertThat(read.redacted().addressGuarded()).isTrue();

        String forged = apiJson.replace("\"source\":\"api\"", "\"source\":\"trusted\"");
        assertThatThrownBy(() -> serde.deserialize("t", forged.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void alertRoundTrips() {
        var serde = new JsonSerde<>(Alert.class);
        Alert a = Alert.down("s", "https://s", 0.5, 0.8, Duration.ofMinutes(2), 6, T);
        assertThat(serde.deserialize("t", serde.serialize("t", a))).isEqualTo(a);
    }

    @Test
    void tombstonesStayNull() {
        var serde = new JsonSerde<>(Target.class);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void poisonRecordsThrowSerializationExceptionWithTheReason() {
        var serde = new JsonSerde<>(Measurement.class);
        assertThatThrownBy(() -> serde.deserialize("m", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("invalid Measurement on m: ");
        assertThatThrownBy(() -> serde.deserialize("m", "{\"id\":\"x\",\"site\":\"s\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("measurement.time must not be null");
        assertThatThrownBy(() -> serde.deserialize("m",
                "{\"id\":\"x\",\"site\":\"s\",\"time\":\"2026-11-22T10:15:30Z\",\"up\":true,\"status\":999}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("measurement.status must be 100..599, was 999");
    }
}
