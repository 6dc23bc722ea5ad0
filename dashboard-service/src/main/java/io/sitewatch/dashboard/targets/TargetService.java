package io.sitewatch.dashboard.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sitewatch.config.ConfigException;
import io.sitewatch.config.ConfigParser;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.metrics.DashboardMetrics;
import io.sitewatch.dashboard.sites.SiteDirectory;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.Target;
import io.sitewatch.net.AddressPolicy;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, replaces and removes targets. A website is validated exactly as in {@code config.json}
 * ({@link ConfigParser#parseWebsite}, with the config file's defaults and alerting section when one is given),
 * so the API accepts what the file accepts and reports errors the same way ({@code field: message}).
 */
public final class TargetService {
    private static final Logger log = LoggerFactory.getLogger(TargetService.class);

    /** What happened to a request for an id the dashboard does (not) know. */
    public enum Outcome { DONE, ALREADY_EXISTS, NOT_FOUND }

    /** A result and the target written (redacted for display), when one was. */
    public record Result(Outcome outcome, Target target) {
    }

    private final TargetWriter writer;
    private final SiteDirectory directory;
    private final SitewatchConfig.Defaults defaults;
    private final AlertingPolicy alerting;
    private final DashboardMetrics metrics;
    private final AddressPolicy addresses;
    private final AddressPolicy.Resolver resolver;

    public TargetService(TargetWriter writer, SiteDirectory directory, SitewatchConfig.Defaults defaults,
                         AlertingPolicy alerting, DashboardMetrics metrics) {
        this(writer, directory, defaults, alerting, metrics, AddressPolicy.STRICT, AddressPolicy.SYSTEM);
    }

    /**
     * @param addresses the SSRF guard: hosts of websites written here must resolve to public addresses unless
     *                  this allow-list admits them
     * @param resolver  how host names are resolved for that check
     */
    public TargetService(TargetWriter writer, SiteDirectory directory, SitewatchConfig.Defaults defaults,
                         AlertingPolicy alerting, DashboardMetrics metrics, AddressPolicy addresses,
                         AddressPolicy.Resolver resolver) {
        this.writer = writer;
        this.directory = directory;
        this.defaults = defaults;
        this.alerting = alerting;
        this.metrics = metrics;
        this.addresses = addresses;
        this.resolver = resolver;
    }

    /** Adds a new website; ALREADY_EXISTS when its id is on the topic (use replace to change it). */
    public Result create(JsonNode website) {
        Target t = validate(website);
        if (directory.contains(t.id())) {
            metrics.targetWrite("create", "conflict");
            return new Result(Outcome.ALREADY_EXISTS, null);
        }
        write("create", () -> writer.put(t));
        directory.apply(t.id(), t); // visible at once; the follower confirms it from the topic
        metrics.targetWrite("create", "ok");
        log.info("event=target_created site={}", t.id());
        return new Result(Outcome.DONE, t.redacted());
    }

    /** Adds or replaces the website {@code id}; a {@code name} in the body must equal {@code id}. */
    public Result replace(String id, JsonNode website) {
        if (website instanceof ObjectNode o) {
            JsonNode name = o.get("name");
            if (name == null) {
                o.put("name", id);
            } else if (!name.isTextual() || !name.asText().equals(id)) {
                throw new ConfigException("website", List.of("name: must be \"" + id
                        + "\" (the id in the path) or left out, was " + name));
            }
        }
        Target t = validate(website);
        write("replace", () -> writer.put(t));
        directory.apply(t.id(), t);
        metrics.targetWrite("replace", "ok");
        log.info("event=target_replaced site={}", t.id());
        return new Result(Outcome.DONE, t.redacted());
    }

    /** Removes the website {@code id} (a tombstone: probers stop checking it). */
    public Result remove(String id) {
        if (!directory.contains(id)) {
            metrics.targetWrite("remove", "not_found");
            return new Result(Outcome.NOT_FOUND, null);
        }
        write("remove", () -> writer.remove(id));
        directory.apply(id, null);
        metrics.targetWrite("remove", "ok");
        log.info("event=target_removed site={}", id);
        return new Result(Outcome.DONE, null);
    }

    private void write(String operation, Runnable write) {
        try {
            write.run();
        } catch (IllegalStateException e) {
            metrics.targetWrite(operation, "unavailable");
            log.warn("event=target_write_failed operation={} error={}", operation, e.getClass().getSimpleName());
            throw new TargetsUnavailableException("the targets topic cannot be written now; nothing was changed, "
                    + "try again", e);
        }
    }

    /**
     * The website as a target marked {@link Target#SOURCE_API}, so that probers connect to public addresses only
     * (checked again at connect time against DNS rebinding).
     */
    private Target validate(JsonNode website) {
        Target t;
        try {
            t = ConfigParser.parseWebsite(website, defaults, alerting);
        } catch (ConfigException e) {
            metrics.targetWrite("validate", "invalid");
            throw e;
        }
        String host = URI.create(t.url()).getHost();
        String blocked = addresses.hostProblem(host, resolver);
        if (blocked != null) {
            metrics.targetWrite("validate", "blocked_address");
            log.info("event=target_refused site={} reason=blocked_address category={}", t.id(), blocked);
            throw new ConfigException("website", List.of("url: the host resolves to a " + blocked + " address, which "
                    + "websites added through the API may not use; list it in " + AddressPolicy.ENV
                    + " (CIDRs or host names) to allow it, or add the website to the config file"));
        }
        return t.fromApi();
    }
}
