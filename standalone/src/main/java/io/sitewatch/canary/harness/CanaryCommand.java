package io.sitewatch.canary.harness;

import io.sitewatch.cli.DurationConverter;
import io.sitewatch.cli.SitewatchCli;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sitewatch canary}: drives the whole system with simulated sites and scripted faults, checks the
 * invariants and prints the report. Exit status 0 when every invariant held, 1 when one broke (named on
 * stderr with its counts) or the run failed, 2 for bad flags.
 */
@Command(name = "canary", mixinStandardHelpOptions = true,
        description = {"Runs simulated sites, the broker and every service in its own JVM (or uses an existing "
                + "deployment), injects faults, then checks that every measurement is stored exactly once, that the "
                + "alerts topic holds exactly the transitions the rule gives, that every scripted outage alerted and no "
                + "healthy site did, and that no service exceeded its memory bound.",
                "Faults: kill-prober, kill-stats, kill-alerter, broker-stop, poison, hostile (store-outage is refused: "
                        + "see the README)."})
public final class CanaryCommand implements Callable<Integer> {
    @Option(names = "--sites", defaultValue = "20", description = "Simulated sites (default ${DEFAULT-VALUE}); "
            + "a tenth have a scripted outage, a tenth are flaky (5% errors), the rest healthy.")
    int sites;

    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Check interval of every site (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--duration", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long the sites are checked (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--window", defaultValue = "2m", converter = DurationConverter.class,
            description = "Alerting window W (default ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--threshold", defaultValue = "0.8", description = "Alerting threshold (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--faults", defaultValue = "none", paramLabel = "LIST",
            description = "Comma-separated faults (default ${DEFAULT-VALUE}).")
    String faults;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write FILE.txt, FILE.json and FILE.png.")
    Path report;

    @Option(names = "--compare", defaultValue = "none", paramLabel = "blackbox|none",
            description = "Run Prometheus + blackbox_exporter (Debian packages) on the same sites (default ${DEFAULT-VALUE}).")
    String compare;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use an existing deployment's Kafka instead of starting one (then --stats-url is required).")
    String bootstrapServers;

    @Option(names = "--stats-url", paramLabel = "URL", description = "The existing deployment's stats service.")
    URI statsUrl;

    @Option(names = "--dashboard-url", paramLabel = "URL", description = "The existing deployment's dashboard.")
    URI dashboardUrl;

    @Option(names = "--topic-prefix", defaultValue = "sitewatch", description = "Topic prefix (default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--broker-outage", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long broker-stop keeps the broker down (default ${DEFAULT-VALUE}).")
    Duration brokerOutage;

    @Option(names = "--poison-records", defaultValue = "6", description = "Records the poison fault produces (default ${DEFAULT-VALUE}).")
    int poisonRecords;

    @Option(names = "--drain-timeout", defaultValue = "3m", converter = DurationConverter.class,
            description = "Longest wait for the pipeline to catch up after the checks (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Logs, broker data and configs (default: a new temp dir).")
    Path workDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean blackbox = switch (compare) {
            case "blackbox" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("--compare must be blackbox or none, was \"" + compare + "\"");
        };
        if (blackbox && !BlackboxComparison.available()) {
            throw new IllegalArgumentException("--compare blackbox needs the Debian packages prometheus and "
                    + "prometheus-blackbox-exporter (/usr/bin/prometheus, /usr/bin/prometheus-blackbox-exporter): "
                    + "apt-get install -y prometheus prometheus-blackbox-exporter, or use --compare none");
        }
        if (poisonRecords < 1 || poisonRecords > 1000) {
            throw new IllegalArgumentException("--poison-records must be 1..1000, was " + poisonRecords);
        }
        CanarySettings settings = new CanarySettings(sites, interval, duration, window, threshold,
                Fault.parseList(faults), report, blackbox, bootstrapServers, statsUrl, dashboardUrl, topicPrefix,
                brokerOutage, poisonRecords, drainTimeout, workDir);
        CanaryReport result = new CanaryRun(settings).run();
        spec.commandLine().getOut().print(result.text());
        spec.commandLine().getOut().flush();
        if (report != null) {
            result.write(report);
            spec.commandLine().getOut().println("report written: " + report + ".txt, .json, .png");
        }
        if (!result.held()) {
            result.invariants().stream().filter(i -> !i.held())
                    .forEach(i -> spec.commandLine().getErr().println("canary: invariant broken: " + i.line()));
            return SitewatchCli.EXIT_FAILURE;
        }
        return SitewatchCli.EXIT_OK;
    }
}
