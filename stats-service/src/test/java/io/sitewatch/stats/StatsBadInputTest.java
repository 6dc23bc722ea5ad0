package io.sitewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.stats.api.Health;
import io.sitewatch.stats.api.StatsApp;
import io.sitewatch.stats.api.StatsQueries;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import picocli.CommandLine;

/**
 * Every flag and environment variable of {@code sitewatch stats}, and every API parameter, with a bad value: exit
 * status 2 (or the HTTP status) and the exact message naming it. Tables: {@code src/test/resources/bad-input/}.
 * Flags whose default comes from {@code ${env:…}} share their validation with the variable.
 */
class StatsBadInputTest {

    @ParameterizedTest(name = "{0} {1}={2} {3}")
    @CsvFileSource(resources = "/bad-input/stats-command.psv", delimiter = '|', quoteCharacter = '\'',
            commentCharacter = '#')
    void aBadFlagOrVariableExits2NamingIt(String where, String name, String value, String extra, int exit,
                                          String message) {
        StatsCommand command = new StatsCommand();
        command.env = where.equals("env") ? Map.of(name, value) : Map.of();
        List<String> args = new ArrayList<>();
        if (extra != null) {
            args.addAll(Arrays.asList(extra.split(" ")));
        }
        if (where.equals("flag")) {
            args.add(name);
            args.add(value == null ? "" : value);
        }
        CommandLine cl = new CommandLine(command);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int status = cl.execute(args.toArray(String[]::new));
        assertThat(err.toString().lines().findFirst().orElse("")).isEqualTo(message);
        assertThat(status).isEqualTo(exit);
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/bad-input/stats-api.psv", delimiter = '|', quoteCharacter = '\'',
            commentCharacter = '#')
    void aBadApiParameterIsRefusedWithItsName(String path, int status, String parameter, String message) {
        var store = new InMemoryMeasurementStore(Duration.ofHours(24), Duration.ofSeconds(10), Clock.systemUTC());
        var app = StatsApp.create(new StatsQueries(store, Clock.systemUTC()),
                new Health(store, Map::of, Clock.systemUTC()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        JavalinTest.test(app, (server, client) -> {
            var r = client.get(path);
            JsonNode json = Json.mapper().readTree(r.body().string());
            assertThat(json.get("error").asText()).isEqualTo(message);
            assertThat(json.path("parameter").asText(null)).isEqualTo(parameter);
            assertThat(r.code()).isEqualTo(status);
        });
    }
}
