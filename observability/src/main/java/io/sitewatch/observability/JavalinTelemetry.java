package io.sitewatch.observability;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** {@link HttpTelemetry} for a Javalin app: every request, with its matched route template. */
public final class JavalinTelemetry {
    private JavalinTelemetry() {
    }

    public static void install(JavalinConfig config, HttpTelemetry telemetry) {
        config.requestLogger.http((ctx, ms) -> telemetry.record(ctx.method().name(), route(ctx), ctx.statusCode(),
                (long) (ms * 1_000_000)));
    }

    /** The matched route template (bounded cardinality): never the raw path or its query string. */
    public static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            if (endpoint != null) {
                return endpoint.path;
            }
        } catch (RuntimeException e) {
            // no endpoint matched
        }
        return switch (ctx.statusCode()) {
            case 404 -> HttpTelemetry.NOT_FOUND;
            case 405 -> HttpTelemetry.METHOD_NOT_ALLOWED;
            default -> "static";
        };
    }
}
