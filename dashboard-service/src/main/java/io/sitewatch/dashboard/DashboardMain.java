package io.sitewatch.dashboard;

import picocli.CommandLine;

/** {@code java -cp … io.sitewatch.dashboard.DashboardMain [flags]}: the dashboard service's main. */
public final class DashboardMain {
    private DashboardMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DashboardCommand()).execute(args));
    }
}
