package io.sitewatch.dashboard;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.sitewatch.dashboard.alerts.AlertController;
import io.sitewatch.dashboard.events.EventsController;
import io.sitewatch.dashboard.health.HealthController;
import io.sitewatch.dashboard.sites.SiteController;
import io.sitewatch.dashboard.stats.StatsController;
import io.sitewatch.dashboard.targets.ApiTokenAuth;
import io.sitewatch.dashboard.targets.ReadAccess;
import io.sitewatch.dashboard.targets.TargetController;
import io.sitewatch.json.Json;
import io.sitewatch.observability.JavalinTelemetry;
import io.sitewatch.observability.Readiness;

/** The dashboard's HTTP application: every route in one block, errors mapped to JSON once ({@link ErrorMapping}). */
public final class DashboardApp {
    /** The page may load scripts, styles and data from this origin only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /** Largest request body accepted; a larger one is a 413 naming {@code body}. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private DashboardApp() {
    }

    public static Javalin create(Dashboard d) {
        SiteController sites = new SiteController(d.sites());
        StatsController stats = new StatsController(d.views(), d.chartPoints());
        AlertController alerts = new AlertController(d.alerts());
        EventsController events = new EventsController(d.hub(), d.views(), d.alerts(), d.siteEvents());
        TargetController targets = new TargetController(d.targets());
        HealthController health = new HealthController(d.views(), d.hub(), d::kafkaConnected, d::kafkaHealth);
        ApiTokenAuth auth = d.auth();
        ReadAccess readAccess = d.readAccess();
        // ready: both topic followers have their partitions (the page can show sites and alerts)
        Readiness readiness = new Readiness(() -> Readiness.Check.of(d.kafkaConnected(), d.kafkaHealth()));

        return Javalin.create(config -> {
            configure(config, d);
            config.routes.before(DashboardApp::securityHeaders);
            config.routes.before("/api/*", ctx -> {
                // reads (GET, HEAD: the API and the event stream) need the read token when one is set; writes are
                // guarded by the API token on their own routes, and /api/session is how the page logs in
                boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
                if (read && !ctx.path().equals("/api/session")) {
                    readAccess.check(ctx);
                }
            });

            config.routes.get("/api/sites", sites::list);
            config.routes.get("/api/stats", stats::get);
            config.routes.get("/api/stats/history", stats::history);
            config.routes.get("/api/alerts", alerts::list);
            config.routes.before("/api/events", ctx -> {
                if (d.hub().full()) {
                    d.hub().refusedEarly();
                    throw new io.javalin.http.ServiceUnavailableResponse("events: the dashboard serves at most "
                            + d.hub().maxClients() + " live clients at once; the page retries by itself");
                }
            });
            config.routes.get("/api/events", events::stream);
            config.routes.get("/api/session", readAccess::describe);
            config.routes.post("/api/session", readAccess::login);
            config.routes.delete("/api/session", readAccess::logout);
            config.routes.post("/api/targets", auth.protect(targets::create));
            config.routes.put("/api/targets/{id}", auth.protect(targets::replace));
            config.routes.delete("/api/targets/{id}", auth.protect(targets::remove));
            config.routes.get("/health", health::get);
            config.routes.get("/health/live", ctx -> answer(ctx, readiness.live()));
            config.routes.get("/health/ready", ctx -> answer(ctx, readiness.ready()));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(d.metrics().scrape()));
        });
    }

    private static void configure(JavalinConfig config, Dashboard d) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        config.http.maxRequestSize = MAX_BODY_BYTES;
        config.http.prefer405over404 = true; // POST /api/stats is a wrong method, not a missing resource
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/public";
            files.location = Location.CLASSPATH;
        });
        config.staticFiles.enableWebjars();
        if (!d.settings().corsOrigins().isEmpty()) {
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                String first = d.settings().corsOrigins().get(0);
                String[] rest = d.settings().corsOrigins().stream().skip(1).toArray(String[]::new);
                rule.allowHost(first, rest);
            }));
        }
        JavalinTelemetry.install(config, d.metrics().http());
        ErrorMapping.register(config);
    }

    private static void answer(Context ctx, Readiness.Answer a) {
        ctx.status(a.status()).json(a.body());
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
