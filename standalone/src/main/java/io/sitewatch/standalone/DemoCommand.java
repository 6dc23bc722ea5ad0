package io.sitewatch.standalone;

import io.sitewatch.canary.sim.SimulatedSites;
import io.sitewatch.canary.sim.SiteBehavior;
import io.sitewatch.config.ConfigParser;
import io.sitewatch.config.SitewatchConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sitewatch demo}: standalone with simulated sites on loopback. One site, {@code blog}, goes down
 * 40 s after start for 75 s, so a DOWN and then a RECOVERED alert appear within about three minutes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Standalone with simulated sites on 127.0.0.1; the site 'blog' goes down for a while and "
                + "comes back, so a DOWN and a RECOVERED alert appear within about three minutes.")
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Mixin
    StandaloneCommand.Common common;

    @Option(names = "--outage-after", defaultValue = "40s", converter = io.sitewatch.cli.DurationConverter.class,
            description = "When the outage of 'blog' starts (default ${DEFAULT-VALUE}).")
    Duration outageAfter;

    @Option(names = "--outage-for", defaultValue = "75s", converter = io.sitewatch.cli.DurationConverter.class,
            description = "How long it lasts (default ${DEFAULT-VALUE}).")
    Duration outageFor;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (common.dataDir.toString().equals(System.getProperty("user.home") + "/.sitewatch")) {
            common.dataDir = common.dataDir.resolve("demo");
        }
        try (SimulatedSites sites = new SimulatedSites().start()) {
            Instant from = Instant.now().plus(outageAfter);
            sites.define("shop", SiteBehavior.latency(Duration.ofMillis(40)));
            sites.define("api", SiteBehavior.builder().latency(Duration.ofMillis(120)).body("{\"status\":\"ok\"}").build());
            sites.define("blog", SiteBehavior.builder().latency(Duration.ofMillis(60))
                    .outage(from, from.plus(outageFor)).build());
            sites.define("search", SiteBehavior.latency(Duration.ofMillis(350)));
            String json = "{\"websites\": ["
                    + site("shop", sites) + "," + site("api", sites) + "," + site("blog", sites) + ","
                    + site("search", sites) + "],"
                    + " \"defaults\": {\"interval\": \"5s\", \"timeout\": \"2s\"},"
                    + " \"alerting\": {\"threshold\": 0.8, \"window\": \"1m\"},"
                    + " \"dashboard\": {\"views\": [{\"window\": \"10m\", \"refresh\": \"5s\"},"
                    + " {\"window\": \"1h\", \"refresh\": \"1m\"}]}}";
            SitewatchConfig config = ConfigParser.parse(json, false, "demo config");
            return common.run(config, spec, () -> spec.commandLine().getOut().println(
                    "demo: 'blog' goes down at " + from + " for " + outageFor.toSeconds()
                            + "s; watch the alert log (DOWN within about a minute, RECOVERED about a minute after)"));
        }
    }

    private static String site(String name, SimulatedSites sites) {
        return "{\"name\": \"" + name + "\", \"url\": \"" + sites.url(name) + "\"}";
    }
}
