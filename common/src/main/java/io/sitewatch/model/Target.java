package io.sitewatch.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A website to probe: the value of the compacted {@code sitewatch.targets} topic, keyed by {@link #id}.
 *
 * @param id              the site's unique slug (its {@code name} in the config)
 * @param url             the absolute http(s) URL to check
 * @param interval        time between checks
 * @param timeout         time allowed for one check; less than {@code interval}
 * @param method          HTTP method (GET, HEAD or POST)
 * @param headers         request headers; values may be {@code ${ENV}} references resolved by the prober
 * @param expect          what a healthy response looks like
 * @param followRedirects whether redirects are followed
 * @param maxRedirects    how many redirects are followed at most
 * @param alerting        per-site alerting overrides (fields may be null)
 * @param regions         regions whose probers check this site; empty means every region
 * @param source          where the target came from: null for the config file (trusted), {@link #SOURCE_API} for
 *                        the dashboard API, whose targets the prober may only connect to on public addresses
 *                        ({@link io.sitewatch.net.AddressPolicy}). Left out of the JSON when null, so records
 *                        written before the field existed read as config targets.
 */
public record Target(
        String id,
        String url,
        Duration interval,
        Duration timeout,
        String method,
        Map<String, String> headers,
        Expect expect,
        boolean followRedirects,
        int maxRedirects,
        AlertingPolicy alerting,
        List<String> regions,
        @JsonInclude(JsonInclude.Include.NON_NULL) String source) {

    public static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{0,62})");
    /** A region name, in {@link #regions} and a prober's {@code --region} alike, so that the two can match. */
    public static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** How {@link #REGION} reads in messages. */
    public static final String REGION_RULE = "lowercase letters, digits, '-', '_'; at most 63";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST");
    /** {@link #source} of a target written through the dashboard API. */
    public static final String SOURCE_API = "api";

    public Target {
        if (id == null || !SLUG.matcher(id).matches()) {
            throw new IllegalArgumentException("target.id must be a slug (lowercase letters, digits, '.', '_', '-'; "
                    + "at most 63 characters, starting with a letter or digit), was " + quote(id));
        }
        Objects.requireNonNull(url, "target.url must not be null");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target.url must be an absolute http(s) URL, was " + quote(url));
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("target.url must be an absolute http(s) URL, was " + quote(url));
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        timeout = timeout == null ? defaultTimeout(interval, DEFAULT_TIMEOUT) : timeout;
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("target.interval must be at least 100ms, was " + interval);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("target.timeout must be positive and less than interval ("
                    + interval + "), was " + timeout);
        }
        method = method == null ? "GET" : method;
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("target.method must be one of " + METHODS + ", was " + quote(method));
        }
        headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
        expect = expect == null ? Expect.DEFAULT : expect;
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("target.maxRedirects must be 0..20, was " + maxRedirects);
        }
        alerting = alerting == null ? AlertingPolicy.NONE : alerting;
        regions = regions == null ? List.of() : List.copyOf(regions);
        if (source != null && !source.equals(SOURCE_API)) {
            throw new IllegalArgumentException("target.source must be \"" + SOURCE_API + "\" or absent, was "
                    + quote(source));
        }
    }

    /** A target from the config file (no {@code source}). */
    public Target(String id, String url, Duration interval, Duration timeout, String method,
                  Map<String, String> headers, Expect expect, boolean followRedirects, int maxRedirects,
                  AlertingPolicy alerting, List<String> regions) {
        this(id, url, interval, timeout, method, headers, expect, followRedirects, maxRedirects, alerting, regions,
                null);
    }

    /** This target marked as written through the API: probed on public addresses only. */
    public Target fromApi() {
        return new Target(id, url, interval, timeout, method, headers, expect, followRedirects, maxRedirects, alerting,
                regions, SOURCE_API);
    }

    /** True when the prober must guard the addresses it connects to ({@link #source} is the API). */
    public boolean addressGuarded() {
        return SOURCE_API.equals(source);
    }

    /** A target with every default: GET, 200–399, redirects followed. */
    public static Target of(String id, String url, Duration interval) {
        return new Target(id, url, interval, null, null, null, null, true, DEFAULT_MAX_REDIRECTS, null, null);
    }

    /** The default timeout for an interval: the configured default, but never more than half the interval. */
    public static Duration defaultTimeout(Duration interval, Duration configuredDefault) {
        Duration half = interval.dividedBy(2);
        return configuredDefault.compareTo(half) <= 0 ? configuredDefault : half;
    }

    /** True when probers of {@code region} should check this target. */
    public boolean probedIn(String region) {
        return regions.isEmpty() || regions.contains(region);
    }

    /** A copy with headers replaced by {@code "***"} so it can be shown or logged. */
    public Target redacted() {
        Map<String, String> masked = new TreeMap<>();
        headers.keySet().forEach(k -> masked.put(k, "***"));
        return new Target(id, Urls.redact(url), interval, timeout, method, masked, expect, followRedirects,
                maxRedirects, alerting, regions, source);
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
