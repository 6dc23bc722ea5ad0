package io.sitewatch.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.sitewatch.config.ConfigException;
import io.sitewatch.dashboard.targets.TargetsUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves as JSON, mapped here once:
 * {@code {"status": 400, "error": "Bad Request", "message": "window: must be …", "field": "window", "errors": […]}}.
 * Controllers throw Javalin's {@code BadRequestResponse}/{@code NotFoundResponse}/…; target validation throws
 * {@link ConfigException} whose errors are {@code field: message}.
 */
final class ErrorMapping {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    static void register(JavalinConfig config) {
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 413) {
                String message = "body: must be at most " + DashboardApp.MAX_BODY_BYTES / 1024 + " KiB ("
                        + DashboardApp.MAX_BODY_BYTES + " bytes); a website is a small JSON object";
                write(ctx, 413, message, "body", List.of(message));
                return;
            }
            Map<String, String> details = e.getDetails();
            if (e.getStatus() == 405) { // a known route, another method: say which ones it takes
                String allowed = details == null ? null : details.get("availableMethods");
                String message = "method not allowed: " + ctx.method() + " " + Params.shorten(ctx.path());
                if (allowed != null && !allowed.isBlank()) {
                    ctx.header("Allow", allowed);
                    message += "; this resource takes " + allowed;
                }
                write(ctx, 405, message, null, List.of());
                return;
            }
            String field = details == null ? null : details.get("field");
            write(ctx, e.getStatus(), e.getMessage(), field, field == null ? List.of() : List.of(e.getMessage()));
        });
        config.routes.exception(ConfigException.class, (e, ctx) -> {
            List<String> errors = e.errors();
            String first = errors.isEmpty() ? "body: invalid" : errors.get(0);
            int colon = first.indexOf(':');
            String field = colon > 0 ? first.substring(0, colon) : "body";
            write(ctx, 400, errors.size() == 1 ? first : "the website has " + errors.size() + " errors: "
                    + String.join("; ", errors), field, errors);
        });
        config.routes.exception(TargetsUnavailableException.class,
                (e, ctx) -> write(ctx, 503, e.getMessage(), null, List.of()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("event=request_failed method={} route={} error={}", ctx.method(), route(ctx),
                    e.getClass().getSimpleName(), e);
            write(ctx, 500, "internal error; see the dashboard's log", null, List.of());
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, 404, "no such resource: " + ctx.method() + " " + Params.shorten(ctx.path()), null, List.of());
            }
        });
    }

    static void write(Context ctx, int status, String message, String field, List<String> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", HttpStatus.forStatus(status).getMessage());
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        ctx.status(status).json(body);
    }

    /** The matched route template, for logs and metrics (bounded cardinality). */
    static String route(Context ctx) {
        return io.sitewatch.observability.JavalinTelemetry.route(ctx);
    }
}
