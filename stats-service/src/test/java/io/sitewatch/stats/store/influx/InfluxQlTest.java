package io.sitewatch.stats.store.influx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sitewatch.store.StoreUnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** InfluxQL over HTTP against a loopback stand-in for InfluxDB. */
class InfluxQlTest {

    /** A query InfluxDB is slow to answer is said to be slow, not the server to be unreachable. */
    @Test
    void aQueryThatTimesOutSaysSoInsteadOfUnreachable() throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slow.createContext("/", ex -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        slow.start();
        String url = "http://127.0.0.1:" + slow.getAddress().getPort();
        try (InfluxMeasurementStore store = new InfluxMeasurementStore(new InfluxSettings(url, "o", "db", "",
                Duration.ofMillis(300)))) {
            Instant t = Instant.parse("2026-11-22T12:00:00Z");
            assertThatThrownBy(() -> store.stats(t.minusSeconds(600), t, null))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessage("influxdb at " + url + " did not answer the query within 300ms (it is slow or overloaded)");
        } finally {
            slow.stop(0);
        }
    }
}
