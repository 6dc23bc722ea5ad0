package io.sitewatch.dashboard;

import io.sitewatch.process.StopHook;
import picocli.CommandLine;

/** {@code java -cp … io.sitewatch.dashboard.DashboardMain [flags]}: the dashboard service's main. */
public final class DashboardMain {
    private DashboardMain() {
    }

    public static void main(String[] args) {
        // The service's logging unless the launcher brings its own logback.xml (the standalone jar does).
        if (System.getProperty("logback.configurationFile") == null
                && DashboardMain.class.getResource("/logback.xml") == null) {
            System.setProperty("logback.configurationFile", "io/sitewatch/dashboard/logback-dashboard.xml");
        }
        StopHook.exit(new CommandLine(new DashboardCommand()).execute(args));
    }
}
