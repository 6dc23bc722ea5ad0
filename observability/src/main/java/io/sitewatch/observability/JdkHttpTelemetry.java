package io.sitewatch.observability;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@link HttpTelemetry} for the JDK HTTP server: add it to each context. The route is the context's path (a fixed
 * set), or {@link HttpTelemetry#NOT_FOUND} when the request path is not exactly it.
 */
public final class JdkHttpTelemetry extends Filter {
    private final HttpTelemetry telemetry;

    public JdkHttpTelemetry(HttpTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(exchange);
        } finally {
            String context = exchange.getHttpContext().getPath();
            String route = exchange.getRequestURI().getPath().equals(context) ? context : HttpTelemetry.NOT_FOUND;
            int status = exchange.getResponseCode();
            telemetry.record(exchange.getRequestMethod(), route, status < 0 ? 500 : status, System.nanoTime() - start);
        }
    }

    @Override
    public String description() {
        return "sitewatch access log and RED metrics";
    }
}
