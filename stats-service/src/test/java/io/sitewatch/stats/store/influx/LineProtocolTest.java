package io.sitewatch.stats.store.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LineProtocolTest {
    private static final Instant T = Instant.parse("2026-11-22T12:00:00.123Z");

    @Test
    void anUpCheckIsOnePointKeyedBySiteProberRegionAndTimeInMs() {
        Measurement m = new Measurement("id-1", "example", "https://example.com/", "prober-1", "eu-west", T, true, 200,
                123.5, 45.25, 1.0, 2.0, 3.0, 512L, null);
        assertThat(LineProtocol.line(m)).isEqualTo("check,prober=prober-1,region=eu-west,site=example "
                + "n=1i,up=1i,status=200i,sc_200=1i,response_ms=123.5,ttfb_ms=45.25,dns_ms=1.0,connect_ms=2.0,"
                + "tls_ms=3.0,bytes=512i,id=\"id-1\" " + T.toEpochMilli());
    }

    @Test
    void failuresAndOverloadsCarryTheirCountersAndEscapes() {
        Measurement down = new Measurement("a\"b", "we ird,site=x", "https://x/", "p 1", null, T, false, null, null,
                null, null, null, null, null, new MeasurementError(ErrorClass.CONNECT_TIMEOUT, "timeout"));
        assertThat(LineProtocol.line(down)).isEqualTo("check,prober=p\\ 1,site=we\\ ird\\,site\\=x "
                + "n=1i,up=0i,err_CONNECT_TIMEOUT=1i,id=\"a\\\"b\" " + T.toEpochMilli());
        Measurement overloaded = Measurement.overloaded("o", "s", "https://s/", "p", "eu", T, "lag");
        assertThat(LineProtocol.line(overloaded)).isEqualTo("check,prober=p,region=eu,site=s "
                + "n=1i,err_PROBER_OVERLOADED=1i,id=\"o\" " + T.toEpochMilli());
    }

    @Test
    void anEmptyProberAndANewlineInATagStillMakeOneValidLine() {
        Measurement m = new Measurement("i", "s", "https://s/", "", "eu\nwest", T, true, 200, 1.0, 1.0, null, null, null,
                null, null);
        // "prober=" (no value) and an unescaped space would be syntax errors refusing the whole batch
        assertThat(LineProtocol.line(m)).startsWith("check,prober=unknown,region=eu\\ west,site=s n=1i,");
    }

    @Test
    void onlyTimesInfluxDbCanHoldAreStorable() {
        assertThat(LineProtocol.storable(at(Instant.parse("2262-04-11T23:47:16.854Z")))).isTrue();
        assertThat(LineProtocol.storable(at(Instant.parse("2262-04-11T23:47:16.855Z")))).isFalse();
        assertThat(LineProtocol.storable(at(Instant.parse("1677-09-21T00:12:43.146Z")))).isTrue();
        assertThat(LineProtocol.storable(at(Instant.parse("1677-09-21T00:12:43.145Z")))).isFalse();
        assertThat(LineProtocol.storable(at(Measurement.LATEST))).isFalse();
    }

    private static Measurement at(Instant time) {
        return new Measurement("i", "s", "https://s/", "p", null, time, true, 200, 1.0, 1.0, null, null, null, null, null);
    }

    @Test
    void tinyAndHugeNumbersAreWrittenWithoutExponents() {
        Measurement m = new Measurement("i", "s", "https://s/", "p", null, T, true, 200, 1.0E-4, 1.5E7, null, null, null,
                null, null);
        String line = LineProtocol.line(m);
        assertThat(line).doesNotContain("E").contains("ttfb_ms=15000000");
        assertThat(Double.parseDouble(line.replaceAll(".*response_ms=([0-9.]+),.*", "$1"))).isEqualTo(1.0E-4);
    }
}
