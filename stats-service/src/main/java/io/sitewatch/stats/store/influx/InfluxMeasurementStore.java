package io.sitewatch.stats.store.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.Organization;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import io.sitewatch.store.MeasurementStore;
import io.sitewatch.store.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measurements in InfluxDB: written with the v2 write API (influxdb-client-java, blocking, the caller's batch
 * as one request, retried with back-off), read with InfluxQL over {@code /query} so InfluxDB 1.8+, 2.x (DBRP)
 * and 3.x all serve it. One point per measurement, keyed by site, prober, region and time in ms (see
 * {@link LineProtocol}): a replayed batch overwrites itself. Aggregates are exact; percentiles are
 * InfluxQL's {@code PERCENTILE()} (the value at rank ⌊p·n + 0.5⌋).
 *
 * <p>Lazy: the constructor does no I/O. {@link #check()} pings and, the first time it succeeds, makes what is
 * missing: on 1.x {@code CREATE DATABASE}, on 2.x the bucket in the org (or says exactly what is missing). A write
 * calls it first until it has succeeded once, and again when the database or bucket has gone (HTTP 404).
 *
 * <p>A point whose time InfluxDB cannot hold (before 1677 or after 2262) is dropped and counted
 * ({@link #droppedOutOfRange()}): InfluxDB would refuse the whole batch with it, on every retry.
 */
public final class InfluxMeasurementStore implements MeasurementStore {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxMeasurementStore.class);
    private static final int ATTEMPTS = 3;
    private static final long FIRST_BACKOFF_MS = 200;
    private static final String AGGREGATES = "COUNT(n) AS checks, COUNT(up) AS samples, SUM(up) AS ups, "
            + "MEAN(response_ms) AS r_avg, MAX(response_ms) AS r_max, PERCENTILE(response_ms, 50) AS r_p50, "
            + "PERCENTILE(response_ms, 95) AS r_p95, PERCENTILE(response_ms, 99) AS r_p99, "
            + "MEAN(ttfb_ms) AS t_avg, MAX(ttfb_ms) AS t_max";
    private static final String COUNTERS = "COUNT(/^(sc|err)_/)";

    private final InfluxSettings settings;
    private final InfluxQl influxQl;
    private volatile InfluxDBClient client;
    private volatile boolean prepared;
    private final Object prepareLock = new Object();
    private final AtomicLong outOfRange = new AtomicLong();

    public InfluxMeasurementStore(InfluxSettings settings) {
        this.settings = settings;
        this.influxQl = new InfluxQl(settings);
    }

    public InfluxSettings settings() {
        return settings;
    }

    @Override
    public void write(List<Measurement> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>(batch.size());
        for (Measurement m : batch) {
            if (LineProtocol.storable(m)) {
                lines.add(LineProtocol.line(m));
            }
        }
        // InfluxDB would refuse the whole batch with such a point, on every retry: dropped and counted instead
        int dropped = batch.size() - lines.size();
        if (lines.isEmpty()) {
            droppedOutOfRange(dropped);
            return;
        }
        WriteApiBlocking writer = client().getWriteApiBlocking();
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                if (!prepared) {
                    // influxd was down at start, or the database or bucket was dropped, and nothing else need call
                    // check(): make what is missing now (an unreachable store throws as a failed write does)
                    check();
                }
                writer.writeRecords(settings.bucket(), settings.org(), WritePrecision.MS, lines);
                droppedOutOfRange(dropped);
                return;
            } catch (InfluxException e) {
                boolean missing = e.status() == 404;
                if (missing) {
                    prepared = false; // database or bucket gone: made again before the next attempt
                }
                boolean retriable = missing || e.status() == 0 || e.status() == 429 || e.status() >= 500;
                if (e.status() == 401) {
                    throw new StoreUnavailableException(settings.unauthorized());
                }
                if (!retriable || attempt == ATTEMPTS) {
                    // the client's exception quotes the server's answer: only its scrubbed message travels on
                    throw new StoreUnavailableException(settings.scrub("influxdb write of " + batch.size()
                            + " points to bucket " + settings.bucket() + " failed"
                            + (e.status() == 0 ? "" : " with HTTP " + e.status()) + " after " + attempt
                            + " attempt(s): " + e.getMessage()));
                }
                LOG.debug("influx write failed attempt={} status={} backoffMs={}", attempt, e.status(), backoff);
                sleep(backoff);
                backoff *= 2;
            }
        }
    }

    @Override
    public List<SiteStats> stats(Instant from, Instant to, String site) {
        String where = where(from, to, site);
        List<List<InfluxQl.Series>> results = influxQl.query(String.join("; ",
                "SELECT " + AGGREGATES + " FROM " + LineProtocol.MEASUREMENT + where + " GROUP BY site",
                "SELECT " + COUNTERS + " FROM " + LineProtocol.MEASUREMENT + where + " GROUP BY site",
                "SELECT LAST(n) FROM " + LineProtocol.MEASUREMENT + where + " GROUP BY site",
                "SELECT LAST(up) FROM " + LineProtocol.MEASUREMENT + where + " AND up = 1 GROUP BY site"));
        Map<String, Partial> bySite = new TreeMap<>();
        for (InfluxQl.Series s : results.get(0)) {
            bySite.computeIfAbsent(s.tag("site"), k -> new Partial()).aggregates = s.rows().get(0);
        }
        for (InfluxQl.Series s : results.get(1)) {
            bySite.computeIfAbsent(s.tag("site"), k -> new Partial()).counters = s.rows().get(0);
        }
        for (InfluxQl.Series s : results.get(2)) {
            bySite.computeIfAbsent(s.tag("site"), k -> new Partial()).lastCheck = time(s.rows().get(0));
        }
        for (InfluxQl.Series s : results.get(3)) {
            bySite.computeIfAbsent(s.tag("site"), k -> new Partial()).lastUp = time(s.rows().get(0));
        }
        List<SiteStats> out = new ArrayList<>();
        bySite.forEach((name, p) -> {
            SiteStats stats = p.toStats(name);
            if (stats.checks() > 0) {
                out.add(stats);
            }
        });
        return out;
    }

    @Override
    public List<SeriesPoint> series(String site, Instant from, Instant to, Duration step) {
        SeriesBuckets b = seriesBuckets(site, from, to, step);
        long stepMs = b.stepMs();
        long firstEnd = b.firstEnd();
        long lastEnd = b.lastEnd();
        long count = b.count();
        // GROUP BY time(step, 1ms) makes InfluxDB's [start, start+step) buckets our (end−step, end] ones.
        String where = where(Instant.ofEpochMilli(firstEnd - stepMs), Instant.ofEpochMilli(lastEnd), site);
        String groupBy = " GROUP BY time(" + stepMs + "ms, 1ms)";
        List<List<InfluxQl.Series>> results = influxQl.query(String.join("; ",
                "SELECT " + AGGREGATES + " FROM " + LineProtocol.MEASUREMENT + where + groupBy,
                "SELECT " + COUNTERS + " FROM " + LineProtocol.MEASUREMENT + where + groupBy,
                "SELECT n, up FROM " + LineProtocol.MEASUREMENT + where));
        Map<Long, Partial> byEnd = new HashMap<>();
        for (InfluxQl.Series s : results.get(0)) {
            for (Map<String, JsonNode> row : s.rows()) {
                byEnd.computeIfAbsent(time(row) - 1 + stepMs, k -> new Partial()).aggregates = row;
            }
        }
        for (InfluxQl.Series s : results.get(1)) {
            for (Map<String, JsonNode> row : s.rows()) {
                byEnd.computeIfAbsent(time(row) - 1 + stepMs, k -> new Partial()).counters = row;
            }
        }
        for (InfluxQl.Series s : results.get(2)) {
            for (Map<String, JsonNode> row : s.rows()) {
                long t = time(row);
                Partial p = byEnd.computeIfAbsent(-Math.floorDiv(-t, stepMs) * stepMs, k -> new Partial());
                p.lastCheck = p.lastCheck == null ? t : Math.max(p.lastCheck, t);
                JsonNode up = row.get("up");
                if (up != null && up.asLong(0) == 1) {
                    p.lastUp = p.lastUp == null ? t : Math.max(p.lastUp, t);
                }
            }
        }
        List<SeriesPoint> out = new ArrayList<>((int) count);
        for (long end = firstEnd; end <= lastEnd; end += stepMs) {
            Partial p = byEnd.get(end);
            out.add(new SeriesPoint(Instant.ofEpochMilli(end), p == null ? Partial.empty(site) : p.toStats(site)));
        }
        return out;
    }

    @Override
    public void check() {
        String version = influxQl.ping();
        if (!prepared) {
            synchronized (prepareLock) { // /health and the ingest loop may both get here
                if (!prepared) {
                    prepare(version);
                    prepared = true;
                    LOG.info("influx store ready url={} version={} bucket={} org={}", settings.url(), version,
                            settings.bucket(), settings.org());
                }
            }
        }
    }

    /** Points dropped because InfluxDB cannot hold their time (see {@link LineProtocol#MIN_TIME}). */
    public long droppedOutOfRange() {
        return outOfRange.get();
    }

    private void droppedOutOfRange(int count) {
        if (count > 0) {
            outOfRange.addAndGet(count);
            LOG.warn("points outside InfluxDB's time range dropped count={} range={}..{}", count, LineProtocol.MIN_TIME,
                    LineProtocol.MAX_TIME);
        }
    }

    @Override
    public String kind() {
        return "influxdb";
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private void prepare(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        if (v.startsWith("1.")) {
            influxQl.execute("CREATE DATABASE " + identifier(settings.database()));
            if (settings.retentionPolicy() != null && !settings.retentionPolicy().equals("autogen")) {
                List<List<InfluxQl.Series>> rps = influxQl.query("SHOW RETENTION POLICIES ON "
                        + identifier(settings.database()));
                boolean found = rps.get(0).stream().flatMap(s -> s.rows().stream())
                        .anyMatch(r -> settings.retentionPolicy().equals(r.get("name").asText()));
                if (!found) {
                    throw new StoreUnavailableException("influxdb database " + settings.database()
                            + " has no retention policy " + settings.retentionPolicy() + ": create it with CREATE RETENTION POLICY "
                            + identifier(settings.retentionPolicy()) + " ON " + identifier(settings.database())
                            + " DURATION 30d REPLICATION 1");
                }
            }
        } else if (v.startsWith("2.")) {
            prepareBucket();
        }
        // 3.x creates the database on first write.
    }

    private void prepareBucket() {
        try {
            Bucket bucket = client().getBucketsApi().findBucketByName(settings.bucket());
            if (bucket != null) {
                return;
            }
            Organization org = client().getOrganizationsApi().findOrganizations().stream()
                    .filter(o -> settings.org().equals(o.getName())).findFirst()
                    .orElseThrow(() -> new StoreUnavailableException("influxdb has no organisation \"" + settings.org()
                            + "\" visible to the token: set --influx-org to an existing one"));
            client().getBucketsApi().createBucket(settings.bucket(), org.getId());
            LOG.info("influx bucket created bucket={} org={}", settings.bucket(), settings.org());
        } catch (InfluxException e) {
            if (e.status() == 401) {
                throw new StoreUnavailableException(settings.unauthorized());
            }
            throw new StoreUnavailableException("influxdb bucket \"" + settings.bucket() + "\" in org \"" + settings.org()
                    + "\" is missing or not readable and cannot be created with this token (HTTP " + e.status()
                    + "): create it with `influx bucket create --name " + settings.bucket() + " --org " + settings.org()
                    + "` and give the token read and write access to it");
        }
    }

    private InfluxDBClient client() {
        InfluxDBClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    OkHttpClient.Builder http = new OkHttpClient.Builder()
                            .connectTimeout(settings.timeout())
                            .readTimeout(settings.timeout())
                            .writeTimeout(settings.timeout());
                    InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                            .url(settings.url())
                            .org(settings.org())
                            .bucket(settings.bucket())
                            .okHttpClient(http);
                    options.authenticateToken(settings.token().toCharArray());
                    client = InfluxDBClientFactory.create(options.build());
                }
                c = client;
            }
        }
        return c;
    }

    private static String where(Instant from, Instant to, String site) {
        String w = " WHERE time > " + from.toEpochMilli() + "ms AND time <= " + to.toEpochMilli() + "ms";
        return site == null ? w : w + " AND site = " + literal(site);
    }

    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String identifier(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static long time(Map<String, JsonNode> row) {
        return row.get("time").asLong();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying an influxdb write", e);
        }
    }

    /** What the statements say about one site (or one series bucket). */
    private static final class Partial {
        Map<String, JsonNode> aggregates = Map.of();
        Map<String, JsonNode> counters = Map.of();
        Long lastCheck;
        Long lastUp;

        static SiteStats empty(String site) {
            return new SiteStats(site, 0, 0, null, SiteStats.Timing.EMPTY, SiteStats.Timing.EMPTY, Map.of(), Map.of(),
                    null, null);
        }

        SiteStats toStats(String site) {
            long checks = longOf("checks");
            long samples = longOf("samples");
            long ups = longOf("ups");
            Double rAvg = doubleOf("r_avg");
            SiteStats.Timing response = rAvg == null ? SiteStats.Timing.EMPTY
                    : new SiteStats.Timing(rAvg, doubleOf("r_max"), doubleOf("r_p50"), doubleOf("r_p95"), doubleOf("r_p99"));
            Double tAvg = doubleOf("t_avg");
            SiteStats.Timing ttfb = tAvg == null ? SiteStats.Timing.EMPTY
                    : new SiteStats.Timing(tAvg, doubleOf("t_max"), null, null, null);
            Map<String, Long> statuses = new HashMap<>();
            Map<String, Long> errors = new HashMap<>();
            counters.forEach((column, value) -> {
                if (value == null || value.isNull() || value.asLong() == 0) {
                    return;
                }
                if (column.startsWith("count_sc_")) {
                    statuses.put(column.substring("count_sc_".length()), value.asLong());
                } else if (column.startsWith("count_err_")) {
                    errors.put(column.substring("count_err_".length()), value.asLong());
                }
            });
            return new SiteStats(site, checks, samples, samples == 0 ? null : (double) ups / samples, response, ttfb,
                    statuses, errors, lastCheck == null ? null : Instant.ofEpochMilli(lastCheck),
                    lastUp == null ? null : Instant.ofEpochMilli(lastUp));
        }

        private long longOf(String column) {
            JsonNode v = aggregates.get(column);
            return v == null || v.isNull() ? 0 : v.asLong();
        }

        private Double doubleOf(String column) {
            JsonNode v = aggregates.get(column);
            return v == null || v.isNull() ? null : v.asDouble();
        }
    }
}
