package io.sitewatch.stats.store.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.json.Json;
import io.sitewatch.store.StoreUnavailableException;
import io.sitewatch.time.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * InfluxQL over plain HTTP ({@code GET /query?db=&rp=&epoch=ms&q=}), the one read API that InfluxDB 1.x,
 * 2.x (DBRP mapping) and 3.x all answer with the same JSON. Also {@code /ping} and 1.x's
 * {@code POST /query} for {@code CREATE DATABASE}.
 */
final class InfluxQl {
    private final InfluxSettings settings;
    private final HttpClient http;

    InfluxQl(InfluxSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** One series of a statement's result: its tags and rows by column name. */
    record Series(Map<String, String> tags, List<Map<String, JsonNode>> rows) {
        String tag(String name) {
            return tags.get(name);
        }
    }

    /** Runs statements separated by ';' and returns each statement's series, in order. */
    List<List<Series>> query(String statements) {
        StringBuilder uri = new StringBuilder(settings.url()).append("/query?epoch=ms&db=")
                .append(encode(settings.database()));
        if (settings.retentionPolicy() != null) {
            uri.append("&rp=").append(encode(settings.retentionPolicy()));
        }
        uri.append("&q=").append(encode(statements));
        JsonNode body = send(request(URI.create(uri.toString())).GET().build(), "query");
        List<List<Series>> out = new ArrayList<>();
        for (JsonNode result : body.path("results")) {
            if (result.hasNonNull("error")) {
                throw queryError(result.get("error").asText());
            }
            List<Series> series = new ArrayList<>();
            for (JsonNode s : result.path("series")) {
                Map<String, String> tags = new HashMap<>();
                s.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
                List<String> columns = new ArrayList<>();
                s.path("columns").forEach(c -> columns.add(c.asText()));
                List<Map<String, JsonNode>> rows = new ArrayList<>();
                for (JsonNode values : s.path("values")) {
                    Map<String, JsonNode> row = new HashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(columns.get(i), values.get(i));
                    }
                    rows.add(row);
                }
                series.add(new Series(tags, rows));
            }
            out.add(series);
        }
        return out;
    }

    /** {@code POST /query} for statements that change things (1.x {@code CREATE DATABASE}). */
    void execute(String statement) {
        HttpRequest request = request(URI.create(settings.url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + encode(statement)))
                .build();
        JsonNode body = send(request, "statement");
        for (JsonNode result : body.path("results")) {
            if (result.hasNonNull("error")) {
                throw new StoreUnavailableException(settings.scrub("influxdb refused " + statement + ": "
                        + result.get("error").asText()));
            }
        }
    }

    /** {@code GET /ping}; returns the server's version header (e.g. {@code 1.8.10}, {@code v2.7.1}, {@code 3.0.0}). */
    String ping() {
        HttpRequest request = request(URI.create(settings.url() + "/ping")).GET().build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new StoreUnavailableException("influxdb at " + settings.url() + " answered /ping with HTTP "
                        + response.statusCode());
            }
            return response.headers().firstValue("X-Influxdb-Version").orElse("unknown");
        } catch (IOException e) {
            throw new StoreUnavailableException("influxdb at " + settings.url() + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while pinging influxdb", e);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Accept", "application/json");
        if (!settings.token().isEmpty()) {
            b.header("Authorization", "Token " + settings.token());
        }
        return b;
    }

    private JsonNode send(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                throw new StoreUnavailableException(settings.unauthorized());
            }
            JsonNode body = response.body().isBlank() ? Json.mapper().createObjectNode()
                    : Json.mapper().readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                String error = body.path("error").asText(body.path("message").asText(response.body()));
                throw response.statusCode() == 404 || error.contains("not found")
                        ? queryError(error)
                        : new StoreUnavailableException(settings.scrub("influxdb " + what + " failed with HTTP "
                                + response.statusCode() + ": " + error));
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the parser's message quotes the body: neither it nor the exception travels on
            throw new StoreUnavailableException("influxdb " + what + " answered with a body that is not JSON");
        } catch (HttpTimeoutException e) {
            if (e instanceof HttpConnectTimeoutException) {
                throw new StoreUnavailableException("influxdb at " + settings.url() + " is unreachable: " + e, e);
            }
            // connected, but no answer in time: not "unreachable", which sends the user after the network
            throw new StoreUnavailableException("influxdb at " + settings.url() + " did not answer the " + what
                    + " within " + Durations.format(settings.timeout()) + " (it is slow or overloaded)", e);
        } catch (IOException e) {
            throw new StoreUnavailableException(settings.scrub("influxdb at " + settings.url() + " is unreachable: " + e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted during an influxdb " + what, e);
        }
    }

    private StoreUnavailableException queryError(String error) {
        if (error.contains("database not found") || error.contains("not found")) {
            return new StoreUnavailableException("influxdb has no database \"" + settings.database() + "\" for InfluxQL ("
                    + settings.scrub(error) + "); on 1.x it is created at start, on 2.x map it to the bucket: influx v1 dbrp create --db "
                    + settings.database() + " --rp " + (settings.retentionPolicy() == null ? "autogen" : settings.retentionPolicy())
                    + " --bucket-id <id of bucket " + settings.bucket() + "> --default");
        }
        return new StoreUnavailableException(settings.scrub("influxdb query failed: " + error));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
