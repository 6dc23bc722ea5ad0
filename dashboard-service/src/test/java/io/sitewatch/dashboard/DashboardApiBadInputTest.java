package io.sitewatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.sitewatch.dashboard.testdoubles.RecordingTargetWriter;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Every API parameter and body field of the dashboard with a bad value: the status and the exact JSON message,
 * which names the parameter or field and the fix. The table is {@code src/test/resources/bad-input/dashboard-api.psv}.
 */
class DashboardApiBadInputTest {
    static final String TOKEN = "api-token-0123456789abcdef";

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvFileSource(resources = "/bad-input/dashboard-api.psv", delimiter = '|', quoteCharacter = '\'',
            commentCharacter = '#', maxCharsPerColumn = 10_000)
    void aBadParameterOrBodyIsRefusedWithItsName(String method, String path, String body, int status, String message) {
        RecordingTargetWriter writer = new RecordingTargetWriter();
        try (StatsServiceTestDouble stats = new StatsServiceTestDouble().serve(List.of());
             Dashboard dashboard = new Dashboard(DashboardSettings.of(KafkaSettings.of("127.0.0.1:9"), stats.url())
                     .withApiToken(TOKEN), writer, Clock.systemUTC())) {
            JavalinTest.test(DashboardApp.create(dashboard), (server, client) -> {
                Consumer<io.javalin.testtools.Request.Builder> auth = b -> b.header("Authorization", "Bearer " + TOKEN);
                String payload = body == null ? "" : body;
                Response r = switch (method) {
                    case "GET" -> client.get(path, auth);
                    case "POST" -> client.post(path, payload, auth);
                    case "PUT" -> client.put(path, payload, auth);
                    default -> client.delete(path, null, auth);
                };
                assertThat(r.headers().get("Content-Type").get(0)).startsWith("application/json");
                JsonNode json = Json.mapper().readTree(r.body().string());
                assertThat(json.get("message").asText()).isEqualTo(message);
                assertThat(r.code()).isEqualTo(status);
            });
        }
        assertThat(writer.puts).isEmpty();
    }
}
