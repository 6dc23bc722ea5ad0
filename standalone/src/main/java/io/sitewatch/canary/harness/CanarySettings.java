package io.sitewatch.canary.harness;

import io.sitewatch.time.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What a canary run does.
 *
 * @param sites            number of simulated sites (hostile ones come on top)
 * @param interval         check interval of every site
 * @param duration         how long the sites are checked
 * @param window           alerting window W
 * @param threshold        alerting threshold
 * @param faults           faults to inject
 * @param report           report base path (writes .txt, .json, .png), or null
 * @param compareBlackbox  run Prometheus + blackbox_exporter on the same sites
 * @param bootstrapServers an existing deployment's Kafka, or null to run everything here
 * @param statsUrl         the existing deployment's stats service (required with bootstrapServers)
 * @param dashboardUrl     the existing deployment's dashboard, or null
 * @param topicPrefix      topic prefix
 * @param brokerOutage     how long broker-stop keeps the broker down
 * @param poisonRecords    how many poison records {@code poison} produces
 * @param drainTimeout     how long to wait after the checks for the pipeline to catch up
 * @param workDir          where logs, broker data and configs go
 */
public record CanarySettings(int sites, Duration interval, Duration duration, Duration window, double threshold,
                             Set<Fault> faults, Path report, boolean compareBlackbox, String bootstrapServers,
                             URI statsUrl, URI dashboardUrl, String topicPrefix, Duration brokerOutage,
                             int poisonRecords, Duration drainTimeout, Path workDir) {

    public CanarySettings {
        faults = Set.copyOf(faults);
        if (sites < 3) {
            throw new IllegalArgumentException("--sites must be at least 3, was " + sites);
        }
        if (interval.toMillis() < 1000) {
            throw new IllegalArgumentException("--interval must be at least 1s, was " + interval);
        }
        if (window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("--window must be at least the interval, was " + window);
        }
        if (duration.compareTo(interval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("--duration must be at least three intervals, was " + duration);
        }
        Duration shortest = SitePlan.shortestRun(interval, window, threshold);
        if (duration.compareTo(shortest) < 0) {
            throw new IllegalArgumentException("--duration must be at least " + Durations.format(shortest)
                    + " with --window " + Durations.format(window) + " and --interval " + Durations.format(interval)
                    + " (a full window of checks before the scripted outages, then time for one to alert), was "
                    + Durations.format(duration) + "; run longer or use a shorter --window");
        }
        if (bootstrapServers != null) {
            if (statsUrl == null) {
                throw new IllegalArgumentException("--stats-url is required with --bootstrap-servers "
                        + "(the store invariant reads the deployment's stats API)");
            }
            for (Fault f : faults) {
                if (f.needsProcessControl()) {
                    throw new IllegalArgumentException("--faults " + f.cliName() + " needs the canary to run the "
                            + "processes itself; it cannot be used with --bootstrap-servers (an existing deployment)");
                }
            }
        }
        if (faults.contains(Fault.STORE_OUTAGE)) {
            throw new IllegalArgumentException("--faults store-outage: the canary runs the stats service with the "
                    + "memory store, which lives inside the stats process and cannot be unreachable on its own; "
                    + "an InfluxDB outage is not driven by the canary yet (kill-stats covers the memory store)");
        }
        if (compareBlackbox && bootstrapServers != null) {
            throw new IllegalArgumentException("--compare blackbox runs beside the canary's own processes; "
                    + "use --compare none with --bootstrap-servers");
        }
    }

    /** Own processes (true) or an existing deployment. */
    public boolean ownDeployment() {
        return bootstrapServers == null;
    }

    /** The check timeout: half the interval, capped at 5 s (sitewatch's default rule). */
    public Duration timeout() {
        Duration half = interval.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(5)) < 0 ? half : Duration.ofSeconds(5);
    }
}
