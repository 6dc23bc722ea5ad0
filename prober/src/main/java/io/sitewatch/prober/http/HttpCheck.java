package io.sitewatch.prober.http;

import io.sitewatch.config.EnvReferences;
import io.sitewatch.config.EnvReferences.MissingVariableException;
import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.MeasurementError;
import io.sitewatch.model.Target;
import io.sitewatch.net.AddressPolicy;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * One HTTP(S) check of a {@link Target} with OkHttp, as a first-time visitor sees the site.
 *
 * <ul>
 *   <li>A fresh connection every time: the connection pool keeps no idle connection and the request says
 *       {@code Connection: close}, so DNS, connect and TLS are measured on every check.</li>
 *   <li>Redirects are followed here (not by OkHttp), at most {@code target.maxRedirects}; a loop or one hop too
 *       many is {@link ErrorClass#REDIRECTS}. Target headers are sent only to the target's own origin (scheme,
 *       host and port).</li>
 *   <li>The whole check, redirects included, has {@code target.timeout}; the body is read as a stream, at most
 *       {@code maxBodyBytes} (then {@link ErrorClass#TOO_LARGE}), searched for {@code bodyContains} on the fly
 *       with a bounded window, so memory per check stays small.</li>
 *   <li>Header values are resolved from the environment at check time ({@code ${NAME}}); when a variable is
 *       missing the check is not run ({@link CheckNotRunException}).</li>
 * </ul>
 *
 * <p>Thread-safe; one instance serves every check of a prober.
 */
public final class HttpCheck implements Checker {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    static final String USER_AGENT = "sitewatch-prober/0.1";
    private static final int CHUNK = 8192;
    private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final OkHttpClient client;
    private final OkHttpClient literalClient;
    /** For targets written through the API: only addresses {@link #addresses} admits (see {@link GuardedDns}). */
    private final OkHttpClient guardedClient;
    private final OkHttpClient guardedLiteralClient;
    private final AddressPolicy addresses;
    private final long maxBodyBytes;
    private final Function<String, String> env;
    /** Parsed target URLs: parsing is a visible share of a check's CPU at thousands of checks per second. */
    private final java.util.concurrent.ConcurrentHashMap<String, HttpUrl> urls = new java.util.concurrent.ConcurrentHashMap<>();

    /** A check with the system trust store and the process environment. */
    public HttpCheck(long maxBodyBytes) {
        this(defaultClient().build(), maxBodyBytes, System::getenv, AddressPolicy.fromEnv(System.getenv()));
    }

    /** A check with no allow-list for targets written through the API. */
    public HttpCheck(OkHttpClient client, long maxBodyBytes, Function<String, String> env) {
        this(client, maxBodyBytes, env, AddressPolicy.STRICT);
    }

    /**
     * @param client       built from {@link #defaultClient()} (tests may change trust or DNS there)
     * @param maxBodyBytes how much of a body is read at most
     * @param env          where {@code ${NAME}} header references are looked up
     * @param addresses    the addresses targets written through the API may use besides public ones
     */
    public HttpCheck(OkHttpClient client, long maxBodyBytes, Function<String, String> env, AddressPolicy addresses) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
        DeadlineDns dns = new DeadlineDns(client.dns());
        this.client = client.newBuilder().dns(dns).build();
        // An IP literal has exactly one route: racing routes (fast fallback, "happy eyeballs") buys nothing there
        // and costs a thread hand-off per connection. Host names keep it, as browsers do.
        this.literalClient = this.client.newBuilder().fastFallback(false).build();
        this.addresses = addresses;
        this.guardedClient = this.client.newBuilder().dns(new GuardedDns(addresses, dns)).build();
        this.guardedLiteralClient = literalClient.newBuilder().dns(new GuardedDns(addresses, dns)).build();
        this.maxBodyBytes = maxBodyBytes;
        this.env = env;
    }

    /**
     * The client every check uses: no idle connections kept, no retries, no redirects (followed by hand), no
     * cache, no cookies. Each call gets the target's timeout as its call timeout, which bounds DNS, connect, TLS,
     * headers and body together; the per-socket timeouts are off (0) so that socket reads and connects are plain
     * blocking system calls rather than poll-then-read: the call timeout's watchdog closes the socket when the
     * time is up. The client-level call timeout (60 s) is a backstop only.
     */
    public static OkHttpClient.Builder defaultClient() {
        return new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .callTimeout(60, TimeUnit.SECONDS)
                .connectTimeout(0, TimeUnit.MILLISECONDS)
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .writeTimeout(0, TimeUnit.MILLISECONDS);
    }

    @Override
    public CheckResult check(Target target) {
        Headers headers = resolveHeaders(target);
        HttpUrl url = parse(target.url());
        if (url == null) {
            // Target validated the URL already; OkHttp is stricter about a few characters.
            throw new CheckNotRunException("invalid_url", "target " + target.id() + ": URL not accepted by the HTTP client");
        }
        long timeoutNanos = target.timeout().toNanos();
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        DeadlineDns.within(deadline);
        try {
            return check(target, headers, url, start, deadline);
        } finally {
            DeadlineDns.clear();
        }
    }

    private CheckResult check(Target target, Headers headers, HttpUrl url, long start, long deadline) {
        PhaseTimer timer = new PhaseTimer(start);
        String method = target.method();
        Set<HttpUrl> visited = new HashSet<>();
        HttpUrl origin = url;
        int redirects = 0;
        while (true) {
            visited.add(url);
            String where = url.host() + ":" + url.port();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return failure(timer, null, 0, new MeasurementError(ErrorClass.TIMEOUT, "timed out after "
                        + target.timeout().toMillis() + " ms following redirects"));
            }
            Request.Builder rb = new Request.Builder().url(url)
                    .header("User-Agent", USER_AGENT)
                    .header("Connection", "close");
            if (sameOrigin(url, origin)) {
                for (int i = 0; i < headers.size(); i++) {
                    rb.header(headers.name(i), headers.value(i));
                }
            }
            rb.method(method, "POST".equals(method) ? EMPTY : null);
            boolean literal = isIpLiteral(url.host());
            if (target.addressGuarded() && literal) {
                String blocked = literalProblem(url.host());
                if (blocked != null) {
                    return failure(timer, null, 0, blockedError(where, blocked));
                }
            }
            OkHttpClient c = target.addressGuarded() ? (literal ? guardedLiteralClient : guardedClient)
                    : (literal ? literalClient : client);
            Call call = c.newCall(rb.build());
            call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
            call.addEventListener(timer);
            timer.nextHop(call);
            Response response;
            try {
                response = call.execute();
            } catch (IOException e) {
                GuardedDns.BlockedAddressException blocked = blocked(e);
                if (blocked != null) {
                    return failure(timer, null, 0, blockedError(where, blocked.category()));
                }
                return failure(timer, null, 0, ErrorClassifier.classify(e, timer, deadline, where,
                        target.timeout().toMillis()));
            }
            try (response) {
                int code = response.code();
                String location = response.header("Location");
                if (target.followRedirects() && response.isRedirect() && location != null) {
                    HttpUrl next = url.resolve(location);
                    if (next == null) {
                        return failure(timer, code, 0, new MeasurementError(ErrorClass.REDIRECTS,
                                "redirect from " + where + " to an unsupported location"));
                    }
                    if (visited.contains(next)) {
                        return failure(timer, code, 0, new MeasurementError(ErrorClass.REDIRECTS,
                                "redirect loop after " + (redirects + 1) + " redirects, back to " + redacted(next)));
                    }
                    if (redirects >= target.maxRedirects()) {
                        return failure(timer, code, 0, new MeasurementError(ErrorClass.REDIRECTS,
                                "more than " + target.maxRedirects() + " redirects"));
                    }
                    redirects++;
                    if ((code == 303 && !"HEAD".equals(method)) || ((code == 301 || code == 302) && "POST".equals(method))) {
                        method = "GET";
                    }
                    url = next;
                    continue;
                }
                return readBody(target, response, timer, deadline, where);
            }
        }
    }

    private CheckResult readBody(Target target, Response response, PhaseTimer timer, long deadline, String where) {
        int code = response.code();
        ResponseBody body = response.body();
        String needle = target.expect().bodyContains();
        ByteString needleBytes = needle == null ? null : ByteString.encodeUtf8(needle);
        boolean found = needle == null;
        long bytes = 0;
        boolean tooLarge = false;
        try {
            BufferedSource source = body.source();
            Buffer window = new Buffer();
            long n;
            while ((n = source.read(window, CHUNK)) != -1) {
                bytes += n;
                if (bytes > maxBodyBytes) {
                    tooLarge = true;
                    break;
                }
                if (!found) {
                    if (window.indexOf(needleBytes) >= 0) {
                        found = true;
                        window.clear();
                    } else {
                        long keep = needleBytes.size() - 1L;
                        if (window.size() > keep) {
                            window.skip(window.size() - keep);
                        }
                    }
                } else {
                    window.clear();
                }
            }
        } catch (IOException e) {
            return failure(timer, code, bytes, ErrorClassifier.classify(e, timer, deadline, where,
                    target.timeout().toMillis()));
        }
        if (!target.expect().statusAccepted(code)) {
            return failure(timer, code, bytes, new MeasurementError(ErrorClass.STATUS, "status " + code
                    + " is not one of " + target.expect().status()));
        }
        if (tooLarge) {
            return failure(timer, code, bytes, new MeasurementError(ErrorClass.TOO_LARGE, "body larger than "
                    + maxBodyBytes + " bytes"));
        }
        if (!found) {
            return failure(timer, code, bytes, new MeasurementError(ErrorClass.BODY, "body does not contain the "
                    + "expected text (" + needle.length() + " characters)"));
        }
        double total = PhaseTimer.millis(System.nanoTime() - timer.startNanos());
        return new CheckResult(true, code, total, ttfb(timer, total), timer.dnsMs(), timer.connectMs(),
                timer.tlsMs(), bytes, null);
    }

    private static CheckResult failure(PhaseTimer timer, Integer status, long bytes, MeasurementError error) {
        double total = PhaseTimer.millis(System.nanoTime() - timer.startNanos());
        return new CheckResult(false, status, status == null ? null : total, status == null ? null : ttfb(timer, total),
                timer.dnsMs(), timer.connectMs(), timer.tlsMs(), bytes, error);
    }

    private static Double ttfb(PhaseTimer timer, double total) {
        Double t = timer.ttfbMs();
        return t == null ? null : Math.min(t, total);
    }

    private Headers resolveHeaders(Target target) {
        Headers.Builder hb = new Headers.Builder();
        for (Map.Entry<String, String> h : target.headers().entrySet()) {
            String value;
            try {
                value = EnvReferences.resolve(h.getValue(), env);
            } catch (MissingVariableException e) {
                throw new CheckNotRunException("missing_env", "target " + target.id() + ": header " + h.getKey()
                        + " references " + e.variable() + ", which is not set in the prober's environment");
            }
            try {
                hb.set(h.getKey(), value);
            } catch (IllegalArgumentException e) {
                throw new CheckNotRunException("invalid_header", "target " + target.id() + ": header " + h.getKey()
                        + " has a name or value HTTP does not allow");
            }
        }
        return hb.build();
    }

    private HttpUrl parse(String url) {
        HttpUrl parsed = urls.get(url);
        if (parsed == null) {
            parsed = HttpUrl.parse(url);
            if (parsed != null) {
                if (urls.size() > 200_000) {
                    urls.clear();
                }
                urls.put(url, parsed);
            }
        }
        return parsed;
    }

    private static GuardedDns.BlockedAddressException blocked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GuardedDns.BlockedAddressException b) {
                return b;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof GuardedDns.BlockedAddressException b) {
                    return b;
                }
            }
        }
        return null;
    }

    private String literalProblem(String host) {
        try {
            return addresses.blockedReason(java.net.InetAddress.getByName(host)); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    /** Not connected: the site was added through the API and its host is not public. Names the fix, not the address. */
    static MeasurementError blockedError(String where, String category) {
        String host = where.substring(0, where.lastIndexOf(':'));
        return new MeasurementError(ErrorClass.CONNECT, "not connecting to " + host + ": it resolves to a " + category
                + " address, and websites added through the API are checked on public addresses only; list it in "
                + AddressPolicy.ENV + " where the prober runs to allow it");
    }

    /**
     * Scheme, host and port all equal: the target's headers (secrets, often) go only there, never in the clear to
     * {@code http://} on the same host, nor to another service on another port of it.
     */
    static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    private static String redacted(HttpUrl url) {
        return url.newBuilder().query(null).fragment(null).username("").password("").build().toString();
    }
}
