package io.sitewatch.dashboard;

import static io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.testdoubles.DashboardFixture;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.json.Json;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker goes away under a running dashboard. The topic followers had their partitions, and that was all
 * {@code /health} asked: it said {@code "kafka": "connected"} and {@code /health/ready} 200 through the outage.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DashboardBrokerOutageIT {

    @Test
    void healthSaysKafkaIsNotConnectedOnceTheBrokerIsGone() throws Exception {
        EmbeddedKafkaExtension broker = new EmbeddedKafkaExtension();
        try (broker) {
            broker.start();
            try (DashboardFixture f = new DashboardFixture(broker, "it-outage", SitewatchConfig.DEFAULT_VIEWS,
                    new StatsServiceTestDouble().serve(List.of(site("example", 1.0, 80.0, 200.0, 150.0)))).start()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(f.get("/health/ready").statusCode()).isEqualTo(200);
                    assertThat(kafka(f.get("/health"))).isEqualTo("connected");
                });

                broker.close();

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    HttpResponse<String> health = f.get("/health");
                    assertThat(health.statusCode()).as("the page still serves what it has").isEqualTo(200);
                    assertThat(kafka(health)).isEqualTo("not connected");
                    assertThat(Json.mapper().readTree(health.body()).get("status").asText()).isEqualTo("DEGRADED");
                    HttpResponse<String> ready = f.get("/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(kafka(ready)).isEqualTo("not connected");
                });
            }
        }
    }

    private static String kafka(HttpResponse<String> response) throws Exception {
        JsonNode body = Json.mapper().readTree(response.body());
        return body.path("kafka").asText();
    }
}
