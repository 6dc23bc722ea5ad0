package io.sitewatch.alerter;

import io.sitewatch.process.StopHook;

/** {@code java -cp … io.sitewatch.alerter.AlerterMain [flags]}: see {@link AlerterCommand}. */
public final class AlerterMain {
    /** The service's logging setup; a classpath resource so that a bundling module's logback.xml still wins. */
    static final String LOGBACK_CONFIG = "io/sitewatch/alerter/logback-alerter.xml";

    private AlerterMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        StopHook.exit(AlerterCommand.run(args));
    }
}
