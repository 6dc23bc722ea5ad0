package io.sitewatch.stats;

import io.sitewatch.process.StopHook;

/** {@code java -cp … io.sitewatch.stats.StatsMain [flags]}: the stats service. Exit 0 ok, 2 bad arguments, 1 other. */
public final class StatsMain {
    private StatsMain() {
    }

    public static void main(String[] args) {
        // The service's logging unless the launcher brings its own logback.xml (the standalone jar does).
        if (System.getProperty("logback.configurationFile") == null && StatsMain.class.getResource("/logback.xml") == null) {
            System.setProperty("logback.configurationFile", "io/sitewatch/stats/logback-stats.xml");
        }
        StopHook.exit(StatsCommand.commandLine().execute(args));
    }
}
