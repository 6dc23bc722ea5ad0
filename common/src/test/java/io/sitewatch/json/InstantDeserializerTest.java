package io.sitewatch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantDeserializerTest {
    /** jackson-datatype-jsr310 alone, as Json was configured before. */
    private static final ObjectMapper GENERIC = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();

    record Holder(Instant time) {
    }

    @Test
    void readsWhatInstantParseReadsForRandomInstantsOfEveryFractionLength() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_167_219_200L, 253_402_300_799L), r.nextInt(1_000_000_000));
            String text = t.toString();
            // also every truncation of the fraction to 1..9 digits
            String trimmed = text.contains(".") ? text.substring(0, Math.min(text.length() - 1,
                    text.indexOf('.') + 1 + r.nextInt(1, 10))) + "Z" : text;
            assertThat(InstantDeserializer.parse(text)).isEqualTo(t);
            assertThat(InstantDeserializer.parse(trimmed)).isEqualTo(Instant.parse(trimmed));
            assertThat(Json.read("{\"time\":\"" + trimmed + "\"}", Holder.class).time()).isEqualTo(Instant.parse(trimmed));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T10:00:00+01:00", "2026-12-01T10:00:00.5+00:00", "2016-12-31T23:59:60Z",
            "+10000-01-01T00:00:00Z", "2026-12-01t10:00:00Z", "2026-12-01T10:00:00.1234567890Z", "2026-12-01T10:00Z",
            "2026-12-01T10:00:00.Z", "2026-02-30T10:00:00Z", "2026-12-01T24:00:00Z", "2026-1-01T10:00:00Z",
            "2026-12-01 10:00:00Z", "２026-12-01T10:00:00Z"})
    void leavesOtherShapesToTheGenericReader(String text) {
        assertThat(InstantDeserializer.parse(text)).isNull();
        String json = "{\"time\":\"" + text + "\"}";
        Object generic = outcome(GENERIC, json);
        Object ours = outcome(Json.mapper(), json);
        assertThat(ours).isEqualTo(generic);
    }

    /** The instant read, or the exception class when the text is refused. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Holder.class).time();
        } catch (Exception e) {
            return e.getClass();
        }
    }

    @Test
    void numbersAndGarbageBehaveAsBefore() {
        assertThat(Json.read("{\"time\":1764583200.5}", Holder.class).time()).isEqualTo(Instant.ofEpochSecond(1764583200, 500_000_000));
        assertThat(Json.read("{\"time\":null}", Holder.class).time()).isNull();
        assertThatThrownBy(() -> Json.mapper().readValue("{\"time\":\"yesterday\"}", Holder.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("yesterday");
    }
}
