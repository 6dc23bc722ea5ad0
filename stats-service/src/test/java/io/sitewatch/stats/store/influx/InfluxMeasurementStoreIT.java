package io.sitewatch.stats.store.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitewatch.model.Measurement;
import io.sitewatch.stats.store.MeasurementStoreContract;
import io.sitewatch.store.MeasurementStore;
import io.sitewatch.store.StoreUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real influxd (Debian's 1.6.7 in CI) through the v2-write proxy: the real client writes
 * real line protocol, InfluxQL reads go through to influxd. Skipped, visibly, when influxd is not installed.
 */
class InfluxMeasurementStoreIT extends MeasurementStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static InfluxdFixture influxd;

    @BeforeAll
    static void startInfluxd() {
        Assumptions.assumeTrue(InfluxdFixture.installed(),
                "influxd is not installed (apt-get install influxdb): InfluxDB contract skipped");
        influxd = InfluxdFixture.launch();
    }

    @AfterAll
    static void stopInfluxd() {
        if (influxd != null) {
            influxd.close();
        }
    }

    @Override
    protected MeasurementStore newStore() {
        int n = DATABASES.incrementAndGet();
        // alternate "db" and "db/rp" buckets: both mappings are used in the field
        String bucket = n % 2 == 0 ? "contract_" + n : "contract_" + n + "/autogen";
        return new InfluxMeasurementStore(InfluxSettings.of(influxd.url(), "sitewatch", bucket, "secret-token"));
    }

    @Test
    void writesFailAsUnavailableWhileInfluxdIsDownAndSucceedAfterwards() {
        Measurement m = new Measurement("x1", "down-test", "https://d.example/", "p", "eu", start.plusSeconds(5), true,
                200, 10.0, 5.0, null, null, null, 1L, null);
        influxd.stop();
        try {
            assertThatThrownBy(() -> store.write(List.of(m))).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("influxdb write of 1 points").hasMessageNotContaining("secret-token");
            assertThatThrownBy(store::check).isInstanceOf(StoreUnavailableException.class);
        } finally {
            influxd.start();
        }
        store.check();
        store.write(List.of(m));
        assertThat(store.stats(start, start.plusSeconds(10), "down-test")).singleElement()
                .satisfies(s -> assertThat(s.checks()).isEqualTo(1));
    }

    /**
     * influxd was down when the service started, so check() never made the database, and nothing need call /health:
     * the ingest loop's writes must make it themselves (they were refused with 404 for ever), and make it again when
     * it is dropped while the service runs.
     */
    @Test
    void aWriteMakesTheDatabaseNoCheckMadeAndMakesItAgainWhenDropped() throws Exception {
        MeasurementStore unchecked = new InfluxMeasurementStore(InfluxSettings.of(influxd.url(), "sitewatch",
                "made_by_write", ""));
        try {
            unchecked.write(List.of(new Measurement("w1", "made", "https://m.example/", "p", "eu", start.plusSeconds(5),
                    true, 200, 10.0, 5.0, null, null, null, 1L, null)));
            assertThat(unchecked.stats(start, start.plusSeconds(60), "made")).singleElement()
                    .satisfies(s -> assertThat(s.checks()).isEqualTo(1));

            HttpResponse<String> drop = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(influxd.directUrl() + "/query"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("q=" + InfluxQl.encode("DROP DATABASE made_by_write")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(drop.statusCode()).isEqualTo(200);

            unchecked.write(List.of(new Measurement("w2", "made", "https://m.example/", "p", "eu", start.plusSeconds(15),
                    true, 200, 20.0, 5.0, null, null, null, 1L, null)));
            assertThat(unchecked.stats(start, start.plusSeconds(60), "made")).singleElement()
                    .satisfies(s -> assertThat(s.responseMs().max()).isEqualTo(20.0));
        } finally {
            unchecked.close();
        }
    }

    @Test
    void saysExactlyWhatIsMissingWhenARetentionPolicyDoesNotExist() {
        MeasurementStore missing = new InfluxMeasurementStore(InfluxSettings.of(influxd.url(), "sitewatch",
                "contract_rp/nosuchrp", ""));
        assertThatThrownBy(missing::check).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no retention policy nosuchrp").hasMessageContaining("CREATE RETENTION POLICY");
        missing.close();
    }

    @Test
    void theProxyRewritesV2WritesToV1() {
        assertThat(InfluxdFixture.rewrite("/api/v2/write", "org=sitewatch&bucket=db%2Frp&precision=ms"))
                .isEqualTo("/write?db=db&rp=rp&precision=ms");
        assertThat(InfluxdFixture.rewrite("/api/v2/write", "org=o&bucket=db&precision=ns"))
                .isEqualTo("/write?db=db&precision=n");
        assertThat(InfluxdFixture.rewrite("/query", "q=SELECT%201")).isEqualTo("/query?q=SELECT%201");
        assertThat(Instant.now()).isNotNull();
    }
}
