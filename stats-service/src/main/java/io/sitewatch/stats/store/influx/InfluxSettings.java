package io.sitewatch.stats.store.influx;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Where the InfluxDB store writes and reads.
 *
 * @param url     base URL, e.g. {@code http://127.0.0.1:8086}
 * @param org     the organisation (InfluxDB 2.x; ignored by 1.x and 3.x)
 * @param bucket  the bucket; {@code db/rp} or {@code db} for InfluxQL (1.x database and retention policy,
 *                2.x DBRP mapping, 3.x database)
 * @param token   API token ({@code user:password} for 1.x with auth); empty for none. Never logged.
 * @param timeout connect and read timeout of one request
 */
public record InfluxSettings(String url, String org, String bucket, String token, Duration timeout) {
    public static final String DEFAULT_URL = "http://127.0.0.1:8086";
    public static final String DEFAULT_ORG = "sitewatch";
    public static final String DEFAULT_BUCKET = "sitewatch";

    public InfluxSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("influx url must not be empty");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = URI.create("invalid:x"); // no host: refused just below, with the message that says the form
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("influx url must be http(s)://host:port, was \"" + url + "\"");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("influx url must not carry credentials; pass the token separately");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("influx url port must be 1..65535, was " + uri.getPort());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("influx url must be http(s)://host:port[/path] without a query or "
                    + "fragment (the database is --influx-bucket), was \"" + url + "\"");
        }
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (org == null || org.isBlank()) {
            throw new IllegalArgumentException("influx org must not be empty");
        }
        if (bucket == null || bucket.isBlank() || bucket.startsWith("/") || bucket.endsWith("/")
                || bucket.indexOf('/') != bucket.lastIndexOf('/')) {
            throw new IllegalArgumentException("influx bucket must be a name or db/rp, was \"" + bucket + "\"");
        }
        token = token == null ? "" : token.trim();
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    public static InfluxSettings of(String url, String org, String bucket, String token) {
        return new InfluxSettings(url, org, bucket, token, null);
    }

    /** The InfluxQL database: the bucket, or its part before '/'. */
    public String database() {
        int slash = bucket.indexOf('/');
        return slash < 0 ? bucket : bucket.substring(0, slash);
    }

    /** The retention policy after '/', or null for the database's default. */
    public String retentionPolicy() {
        int slash = bucket.indexOf('/');
        return slash < 0 ? null : bucket.substring(slash + 1);
    }

    /** What a user sees when InfluxDB answers HTTP 401: the token was refused, or one is needed. */
    public String unauthorized() {
        return token.isEmpty()
                ? "influxdb at " + url + " needs a token (HTTP 401): give one with --influx-token-file, "
                        + "SITEWATCH_INFLUX_TOKEN or --influx-token"
                : "influxdb at " + url + " refused the token (HTTP 401): check --influx-token-file, "
                        + "SITEWATCH_INFLUX_TOKEN or --influx-token (an API token; user:password for 1.x with auth)";
    }

    /**
     * {@code text} with the token (and, for a 1.x {@code user:password} token, the password) replaced by
     * {@code ***}: server error bodies are quoted in messages, and a server may echo what it was sent.
     */
    public String scrub(String text) {
        if (text == null || token.isEmpty()) {
            return text;
        }
        String out = text.replace(token, "***");
        int colon = token.indexOf(':');
        if (colon >= 0 && token.length() - colon > 4) {
            out = out.replace(token.substring(colon + 1), "***");
        }
        return out;
    }

    @Override
    public String toString() {
        return "InfluxSettings{url=" + url + ", org=" + org + ", bucket=" + bucket + ", token="
                + (token.isEmpty() ? "<none>" : "***") + ", timeout=" + timeout + "}";
    }
}
