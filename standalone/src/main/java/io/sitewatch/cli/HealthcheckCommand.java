package io.sitewatch.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sitewatch healthcheck --url http://127.0.0.1:8080/health}: exits 0 when the URL answers 2xx.
 * Container images use it as their HEALTHCHECK, so they need no curl.
 */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
        description = "Exit 0 when a service's health URL answers 2xx, 1 otherwise (for container health checks).")
public final class HealthcheckCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "${env:SITEWATCH_HEALTH_URL:-http://127.0.0.1:8080/health}",
            description = "Health URL (env SITEWATCH_HEALTH_URL; default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--timeout", defaultValue = "3s", converter = DurationConverter.class,
            description = "Request timeout (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("--url must be an http(s) URL, was " + url);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            boolean ok = r.statusCode() / 100 == 2;
            (ok ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(url + " " + r.statusCode());
            return ok ? 0 : 1;
        } catch (java.io.IOException e) {
            // the JDK client's ConnectException has no message: name the exception then
            spec.commandLine().getErr().println(url + " unreachable: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() + " (nothing listening there?)" : e.getMessage()));
            return 1;
        }
    }
}
