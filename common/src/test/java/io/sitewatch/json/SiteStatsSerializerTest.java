package io.sitewatch.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sitewatch.model.SiteStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written SiteStats serializer writes what Jackson's record serializer writes, and reads back equal. */
class SiteStatsSerializerTest {
    /** Jackson's own record serializer, without the sitewatch module. */
    private static final JsonMapper GENERIC = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void writesTheSameTreeAsTheGenericSerializerAndReadsBackEqual() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            SiteStats s = randomStats(random);
            String fast = Json.write(s);
            assertThat(Json.mapper().readTree(fast)).isEqualTo(GENERIC.readTree(GENERIC.writeValueAsString(s)));
            assertThat(Json.mapper().readValue(fast, SiteStats.class)).isEqualTo(s);
        }
    }

    @Test
    void isoInstantsMatchInstantToStringForEveryFractionShape() {
        SplittableRandom random = new SplittableRandom(11);
        char[] buf = new char[32];
        long[] nanos = {0, 1_000_000, 123_000_000, 999_999_999, 1_000, 123_456_000, 1, 100};
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_799L); // 0000-01-01 .. 9999-12-31
            Instant t = Instant.ofEpochSecond(seconds, i < nanos.length ? nanos[i] : pickNanos(random));
            int len = SiteStatsSerializer.iso(t, buf);
            assertThat(new String(buf, 0, len)).isEqualTo(t.toString());
        }
        assertThat(SiteStatsSerializer.iso(Instant.parse("+10000-01-01T00:00:00Z"), buf)).isEqualTo(-1);
        assertThat(SiteStatsSerializer.iso(Instant.parse("-0001-12-31T23:59:59Z"), buf)).isEqualTo(-1);
        assertThat(Json.write(new SiteStats("s", 1, 1, 1.0, null, null, null, null,
                Instant.parse("+10000-01-01T00:00:00Z"), null))).contains("\"lastCheck\":\"+10000-01-01T00:00:00Z\"");
    }

    private static long pickNanos(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextInt(1000) * 1_000_000L;
            case 1 -> r.nextInt(1_000_000) * 1_000L;
            default -> r.nextInt(1_000_000_000);
        };
    }

    private static SiteStats randomStats(SplittableRandom r) {
        Map<String, Long> codes = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            codes.put(Integer.toString(100 + r.nextInt(500)), (long) r.nextInt(1, 100_000));
        }
        Map<String, Long> errors = r.nextBoolean() ? Map.of() : Map.of("TIMEOUT", (long) r.nextInt(1, 50));
        SiteStats.Timing response = r.nextInt(4) == 0 ? SiteStats.Timing.EMPTY
                : new SiteStats.Timing(r.nextDouble() * 1e4, r.nextDouble() * 1e5, r.nextDouble() * 100,
                        r.nextBoolean() ? null : r.nextDouble(), 1.0 / (1 + r.nextInt(1000)));
        SiteStats.Timing ttfb = r.nextInt(5) == 0 ? null : new SiteStats.Timing(r.nextDouble(), 0.1, null, null, null);
        return new SiteStats("site-" + r.nextInt(), r.nextLong(0, Long.MAX_VALUE), r.nextInt(), r.nextBoolean()
                ? null : r.nextDouble(), response, ttfb, codes, errors,
                r.nextBoolean() ? null : Instant.ofEpochMilli(r.nextLong(0, 4_000_000_000_000L)),
                r.nextBoolean() ? null : Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L), r.nextInt(1_000_000_000)));
    }
}
